/**
 * A linear pre-parse scan of XML text that bounds element nesting, element count and the length
 * of every text run, CDATA section, comment and tag, so that hostile input (100,000 nested
 * elements, a megabyte of text in one field) is refused before any parser works on it.
 * It is not a validator: malformed text that passes is left to the parser to refuse.
 */

/** Bounds of {@link scanNesting}. */
export interface NestingLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
  /** Longest text run, CDATA section or comment; a tag may be twice as long (its attributes). */
  readonly maxTextLength: number;
}

const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOS = 0x27;
const LT = 0x3c;
const GT = 0x3e;

/**
 * Walks the text once (every character is looked at a bounded number of times). Returns a
 * description of the first bound exceeded, or undefined.
 */
export function scanNesting(xml: string, limits: NestingLimits): string | undefined {
  const tooLong = `a text, CDATA section, comment or tag longer than ${limits.maxTextLength} characters`;
  let depth = 0;
  let elements = 0;
  let textStart = 0;
  let at = xml.indexOf("<");
  while (at >= 0) {
    if (at - textStart > limits.maxTextLength) return tooLong;
    const next = xml.charCodeAt(at + 1);
    let end: number;
    if (next === SLASH) {
      depth -= 1;
      end = xml.indexOf(">", at + 2);
    } else if (next === BANG) {
      end = skipMarkupDeclaration(xml, at);
    } else if (next === QUESTION) {
      end = xml.indexOf("?>", at + 2);
      if (end >= 0) end += 1;
    } else {
      end = startTagEnd(xml, at + 1);
      if (end < 0) return xml.length - at > 2 * limits.maxTextLength ? tooLong : undefined;
      elements += 1;
      if (elements > limits.maxElements) return `more than ${limits.maxElements} elements`;
      if (xml.charCodeAt(end - 1) !== SLASH) {
        depth += 1;
        if (depth > limits.maxDepth) return `elements nested deeper than ${limits.maxDepth}`;
      }
    }
    if ((end < 0 ? xml.length : end) - at > 2 * limits.maxTextLength) return tooLong;
    if (end < 0) return undefined;
    textStart = end + 1;
    at = xml.indexOf("<", textStart);
  }
  return xml.length - textStart > limits.maxTextLength ? tooLong : undefined;
}

/** Index of the `>` ending a comment, CDATA section or other `<!` construct starting at `at`. */
function skipMarkupDeclaration(xml: string, at: number): number {
  if (xml.startsWith("<!--", at)) {
    const end = xml.indexOf("-->", at + 4);
    return end < 0 ? -1 : end + 2;
  }
  if (xml.startsWith("<![CDATA[", at)) {
    const end = xml.indexOf("]]>", at + 9);
    return end < 0 ? -1 : end + 2;
  }
  return xml.indexOf(">", at + 2);
}

/** Index of the `>` closing a start tag whose name begins at `from`, skipping quoted values. */
function startTagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOS) {
      quote = c;
    } else if (c === GT) {
      return i;
    } else if (c === LT) {
      // A '<' inside a start tag is malformed; stop here and let the parser refuse it.
      return i - 1;
    }
  }
  return -1;
}
