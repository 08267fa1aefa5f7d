import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { ClaimRecordSchema, type ClaimRecord } from "@tongxing/proto";
import { mergeMessageBytes, messageFieldBytes } from "@tongxing/proto/wire";
import { openClaim, sealClaim } from "@tongxing/privacy";

/**
 * A record's encoding, its claim's personal identifiers sealed (@tongxing/privacy). With
 * `claimBytes` (the claim as it came, already encoded and sealed: see `claimAtRestBytes`) the
 * claim is spliced in as those bytes instead of being encoded again: the record's claim is that one.
 */
export function recordBytes(record: ClaimRecord, claimBytes?: Uint8Array): Uint8Array {
  if (claimBytes === undefined) return toBinary(ClaimRecordSchema, record.claim === undefined ? record : { ...record, claim: sealClaim(record.claim) });
  return mergeMessageBytes(toBinary(ClaimRecordSchema, { ...record, claim: undefined }), messageFieldBytes(ClaimRecordSchema.field.claim.number, claimBytes));
}

/** A stored record's bytes decoded, its claim's identifiers opened (unless `open` is false). */
export function decodeRecord(bytes: Uint8Array, open = true): ClaimRecord {
  const record = fromBinary(ClaimRecordSchema, bytes);
  if (open) openClaim(record.claim);
  return record;
}
