/**
 * Text in the legacy character set (GBK for jinbao-legacy; a variant may name GB18030) through
 * iconv-lite. Every GBK code decodes, including the extension areas' rare name characters and the
 * user-defined areas (decoded to Private Use Area code points); a byte sequence that is not GBK
 * decodes to U+FFFD, which no GBK code maps to, so U+FFFD marks invalid input.
 */
import iconv from "iconv-lite";

const REPLACEMENT = "\uFFFD";

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The text of `bytes`, or undefined when they are not valid in `encoding` (a cut character, an undefined byte). */
export function decodeCharset(bytes: Uint8Array, encoding: string): string | undefined {
  const text = iconv.decode(asBuffer(bytes), encoding);
  return text.includes(REPLACEMENT) ? undefined : text;
}

/** The bytes of `text`; characters the encoding lacks become `?` (check with {@link unencodableChars} first). */
export function encodeCharset(text: string, encoding: string): Uint8Array {
  return iconv.encode(text, encoding);
}

/** The characters (code points) of `text` that `encoding` cannot carry, in order; empty when all can. */
export function unencodableChars(text: string, encoding: string): string[] {
  if (iconv.decode(iconv.encode(text, encoding), encoding) === text) return [];
  return [...text].filter((c) => iconv.decode(iconv.encode(c, encoding), encoding) !== c);
}

/** The longest prefix of `text`, whole characters only, that encodes in at most `maxBytes` bytes. */
export function cutToBytes(text: string, maxBytes: number, encoding: string): string {
  let bytes = 0;
  let end = 0;
  for (const c of text) {
    bytes += iconv.encode(c, encoding).length;
    if (bytes > maxBytes) break;
    end += c.length;
  }
  return text.slice(0, end);
}
