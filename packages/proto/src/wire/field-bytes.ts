/**
 * Reading a message's top-level fields as bytes, without decoding them: a hop that needs a few
 * small fields of a large message (the envelope, not the claim inside it) decodes only those, and
 * a hop that passes the claim on copies its bytes instead of decoding and encoding it again.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/**
 * The encoding of `bytes` with every occurrence of the top-level fields `drop` removed: it
 * decodes as the message with those fields unset. Throws on bytes that are not a message.
 */
export function withoutFields(bytes: Uint8Array, drop: readonly number[]): Uint8Array {
  const reader = new BinaryReader(bytes);
  const kept: Uint8Array[] = [];
  let keptFrom = 0;
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [fieldNo, wireType] = reader.tag();
    reader.skip(wireType, fieldNo);
    if (!drop.includes(fieldNo)) continue;
    if (start > keptFrom) kept.push(bytes.subarray(keptFrom, start));
    keptFrom = reader.pos;
  }
  if (keptFrom === 0) return bytes;
  if (keptFrom < bytes.byteLength) kept.push(bytes.subarray(keptFrom));
  return concat(kept);
}

/**
 * The encoded value of the message field `fieldNo` (length-delimited), or undefined when the
 * field is absent. A field that occurs more than once (messages spliced together) gives its
 * occurrences concatenated, which decodes as their merge — what a full decode would have made.
 * Throws on bytes that are not a message, or when `fieldNo` is not length-delimited there.
 */
export function messageFieldValue(bytes: Uint8Array, fieldNo: number): Uint8Array | undefined {
  const reader = new BinaryReader(bytes);
  const parts: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (no !== fieldNo) {
      reader.skip(wireType, no);
      continue;
    }
    if (wireType !== WireType.LengthDelimited) throw new Error(`field ${fieldNo} is not length-delimited (wire type ${wireType})`);
    parts.push(reader.bytes());
  }
  return parts.length <= 1 ? parts[0] : concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
