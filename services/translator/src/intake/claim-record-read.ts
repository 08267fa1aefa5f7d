import { fromBinary } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { ClaimRecordSchema, type ClaimRecord } from "@tongxing/proto";

/** A claim's record as the claims bucket holds it now, or undefined (none, or deleted). */
export async function readClaimRecord(claims: KV, claimId: string): Promise<ClaimRecord | undefined> {
  const entry = await claims.get(claimId);
  return entry === null || entry.operation !== "PUT" ? undefined : fromBinary(ClaimRecordSchema, entry.value);
}
