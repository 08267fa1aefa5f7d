/**
 * Well-formedness check and parse of screened XML text (payload-guard.ts) into a small element
 * tree. fast-xml-parser runs with entity processing, number parsing and trimming off: every value
 * stays the exact text written, references undecoded (xml-text.ts decodes them per field).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A run of character data: raw text (references not decoded) or a CDATA section (verbatim). */
export interface TextSegment {
  readonly raw: string;
  readonly cdata: boolean;
}

/** One element: name, raw attribute values, child elements and character data, in order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: readonly TextSegment[];
}

/** The root element, or why the text is not one well-formed XML document. */
export type XmlTreeParse = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly problem: string };

const ATTRIBUTES = ":@";
const TEXT = "#text";
const CDATA = "#cdata";

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Defence in depth: payload-guard.ts already bounds nesting far below this.
  maxNestedTags: 64,
  // Callbacks get a matcher rather than a built path string: cheaper, and none is used.
  jPath: false,
});

type OrderedNode = Record<string, unknown>;

/** Parses XML text into its root element. Never throws. */
export function parseXmlTree(xml: string): XmlTreeParse {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return { ok: false, problem: `not well-formed XML: ${msg.slice(0, 200)} (line ${line}, column ${col})` };
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(xml);
  } catch (err) {
    return { ok: false, problem: `not readable XML: ${err instanceof Error ? err.message.slice(0, 200) : "parser error"}` };
  }
  const roots = Array.isArray(nodes) ? toElements(nodes).children : [];
  const [root] = roots;
  if (root === undefined || roots.length !== 1) return { ok: false, problem: `expected one root element, found ${roots.length}` };
  return { ok: true, root };
}

/** Children and text of one ordered node list. */
function toElements(nodes: readonly unknown[]): { children: XmlElement[]; text: TextSegment[] } {
  const children: XmlElement[] = [];
  const text: TextSegment[] = [];
  for (const node of nodes) {
    if (typeof node !== "object" || node === null) continue;
    for (const [key, value] of Object.entries(node as OrderedNode)) {
      if (key === ATTRIBUTES) continue;
      if (key === TEXT) text.push({ raw: String(value), cdata: false });
      else if (key === CDATA) text.push({ raw: cdataText(value), cdata: true });
      else children.push(toElement(key, value, (node as OrderedNode)[ATTRIBUTES]));
    }
  }
  return { children, text };
}

function toElement(name: string, content: unknown, attrs: unknown): XmlElement {
  const inner = Array.isArray(content) ? toElements(content) : { children: [], text: [] };
  const attributes = new Map<string, string>();
  if (typeof attrs === "object" && attrs !== null) {
    for (const [key, value] of Object.entries(attrs)) attributes.set(key, String(value));
  }
  return { name, attributes, children: inner.children, text: inner.text };
}

/** fast-xml-parser gives a CDATA section as `[{ "#text": "…" }]`. */
function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return String(value ?? "");
  return value.map((v) => (typeof v === "object" && v !== null ? String((v as OrderedNode)[TEXT] ?? "") : "")).join("");
}
