/**
 * XML character data both ways: escaping for the writer, reference decoding for the reader (the
 * parser runs with entity processing off, so only the five predefined entities and character
 * references are ever decoded here; nothing expands).
 */

/** Characters XML 1.0 cannot hold, even as references (and lone surrogates). */
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NON_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Longest reference body looked at (`#x10FFFF` is 8 characters). */
const MAX_REFERENCE_LENGTH = 10;

/** Result of decoding references in a text. */
export type XmlTextDecode = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

/** True when every character of `text` is one XML 1.0 can carry. */
export function isXmlText(text: string): boolean {
  return !NON_XML_CHAR.test(text);
}

/** `text` with each character XML cannot carry replaced by U+FFFD. */
export function sanitizeXmlText(text: string): string {
  return text.replace(NON_XML_CHARS, "\uFFFD");
}

/** Escapes element content: `&`, `<`, `>` and CR (which a reader would turn into LF). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;"));
}

/** Escapes an attribute value written in double quotes (whitespace as references survives normalisation). */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/["\t\n]/g, (c) => (c === '"' ? "&quot;" : c === "\t" ? "&#9;" : "&#10;"));
}

/**
 * Decodes the predefined entities and character references of raw character data. Any other
 * `&name;`, a bare `&`, or a reference to a character XML cannot hold is a problem; so is a
 * literal character XML cannot hold.
 */
export function decodeXmlReferences(raw: string): XmlTextDecode {
  if (!isXmlText(raw)) return { ok: false, problem: "contains a character XML 1.0 does not allow" };
  let amp = raw.indexOf("&");
  if (amp < 0) return { ok: true, text: raw };
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(";", amp + 1);
    if (semi < 0 || semi - amp - 1 > MAX_REFERENCE_LENGTH) return { ok: false, problem: "contains a bare '&'; write &amp;" };
    const decoded = decodeReference(raw.slice(amp + 1, semi));
    if (!decoded.ok) return decoded;
    out += raw.slice(from, amp) + decoded.text;
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return { ok: true, text: out + raw.slice(from) };
}

function decodeReference(body: string): XmlTextDecode {
  const predefined = PREDEFINED[body];
  if (predefined !== undefined) return { ok: true, text: predefined };
  const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
  if (numeric === null) return { ok: false, problem: `refers to entity "&${body};"; only &lt; &gt; &amp; &quot; &apos; and character references are allowed` };
  const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number.parseInt(numeric[2] ?? "", 10);
  if (codePoint > 0x10ffff) return { ok: false, problem: `character reference &${body}; is out of range` };
  const text = String.fromCodePoint(codePoint);
  if (!isXmlText(text)) return { ok: false, problem: `character reference &${body}; names a character XML 1.0 does not allow` };
  return { ok: true, text };
}

/** True for XML white space: space, TAB, LF, CR. */
function isXmlSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** True when `text` is empty or XML white space only. */
export function isXmlSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isXmlSpaceCode(text.charCodeAt(i))) return false;
  return true;
}

/** `text` without leading and trailing XML white space (not the wider Unicode set `trim` removes). */
export function trimXmlSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isXmlSpaceCode(text.charCodeAt(start))) start += 1;
  while (end > start && isXmlSpaceCode(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}
