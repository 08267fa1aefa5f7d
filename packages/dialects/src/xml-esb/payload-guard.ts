/**
 * The checks a payload passes before any XML parser sees it (spec §1): size, UTF-8, the declared
 * encoding, no DTD, and bounded nesting. Each is linear in the payload.
 */
import type { XmlEsbLimits } from "./mapping-types.js";
import { scanNesting } from "./nesting-scan.js";

/** The payload as text, or why it is refused as a whole. */
export type PayloadText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const LATIN1 = new TextDecoder("latin1");
/** The declaration is looked for in this many leading bytes. */
const DECLARATION_BYTES = 256;
const DECLARATION = /^<\?xml\s[^>]*?\?>/;
const ENCODING = /\sencoding\s*=\s*(["'])([^"']*)\1/;
const DTD = /<!(?:DOCTYPE|ENTITY)/i;

/**
 * The encoding named by the XML declaration, read from the raw bytes (the declaration is ASCII in
 * every ASCII-compatible encoding, so a GBK message is named as such rather than as bad UTF-8).
 */
function declaredEncoding(payload: Uint8Array): string | undefined {
  const bom = payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf ? 3 : 0;
  const start = LATIN1.decode(payload.subarray(bom, bom + DECLARATION_BYTES));
  const declaration = DECLARATION.exec(start);
  return declaration === null ? undefined : ENCODING.exec(declaration[0])?.[2];
}

/** Decodes and screens a payload; the text returned is safe to hand to the parser. */
export function readPayloadText(payload: Uint8Array, limits: XmlEsbLimits): PayloadText {
  if (payload.byteLength === 0) return { ok: false, problem: "empty payload" };
  if (payload.byteLength > limits.maxPayloadBytes) {
    return { ok: false, problem: `payload is ${payload.byteLength} bytes; at most ${limits.maxPayloadBytes} are accepted` };
  }
  const declared = declaredEncoding(payload);
  if (declared !== undefined && declared.toUpperCase() !== "UTF-8") {
    return { ok: false, problem: `declared encoding "${declared.slice(0, 40)}" is not supported; xml-esb messages are UTF-8` };
  }
  if ((payload[0] === 0xfe && payload[1] === 0xff) || (payload[0] === 0xff && payload[1] === 0xfe)) {
    return { ok: false, problem: "payload is UTF-16 (byte-order mark); xml-esb messages are UTF-8" };
  }
  let text: string;
  try {
    // The decoder drops a leading UTF-8 byte-order mark.
    text = UTF8.decode(payload);
  } catch {
    return { ok: false, problem: "payload is not valid UTF-8" };
  }
  if (DTD.test(text)) return { ok: false, problem: "DOCTYPE and ENTITY declarations are not allowed" };
  const nesting = scanNesting(text, limits);
  if (nesting !== undefined) return { ok: false, problem: nesting };
  return { ok: true, text };
}
