import { toBinary } from "@bufbuild/protobuf";
import { ClaimRecordSchema, type ClaimRecord } from "@tongxing/proto";
import { mergeMessageBytes, messageFieldBytes } from "@tongxing/proto/wire";

/**
 * A record's encoding. With `claimBytes` (the claim as it came, already encoded) the claim is
 * spliced in as those bytes instead of being encoded again: the record's claim is that one.
 */
export function recordBytes(record: ClaimRecord, claimBytes?: Uint8Array): Uint8Array {
  if (claimBytes === undefined) return toBinary(ClaimRecordSchema, record);
  return mergeMessageBytes(toBinary(ClaimRecordSchema, { ...record, claim: undefined }), messageFieldBytes(ClaimRecordSchema.field.claim.number, claimBytes));
}
