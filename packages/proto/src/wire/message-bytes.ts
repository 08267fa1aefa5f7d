/**
 * Building protobuf messages from bytes already encoded, so that a hop that adds a little to a
 * large message (an event, an adjudication) does not encode the claim inside it again. Both rest on
 * the protobuf wire rule that parsing concatenated encodings is parsing their merge: repeated
 * fields append, singular scalars take the last value, singular messages merge.
 */
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/**
 * `base` followed by `patch`: decodes as `base` merged with `patch` — `patch`'s repeated entries
 * appended, its set scalars and messages replacing or merging into `base`'s. A field `patch`
 * leaves at its default keeps `base`'s value (proto3 does not encode defaults).
 */
export function mergeMessageBytes(base: Uint8Array, patch: Uint8Array): Uint8Array {
  const out = new Uint8Array(base.byteLength + patch.byteLength);
  out.set(base, 0);
  out.set(patch, base.byteLength);
  return out;
}

/**
 * The encoding of a message field `fieldNo` holding the already encoded message `fieldBytes`:
 * appended to the rest of a message's encoding (in which that field is unset), it sets the field.
 */
export function messageFieldBytes(fieldNo: number, fieldBytes: Uint8Array): Uint8Array {
  return new BinaryWriter().tag(fieldNo, WireType.LengthDelimited).bytes(fieldBytes).finish();
}
