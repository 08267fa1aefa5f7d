import type { ClaimRecord } from "@tongxing/proto";
import type { RoutingTable } from "@tongxing/routing";

/**
 * The platform that paid a settlement and must reverse it: the one that adjudicated it, else
 * (a record from before `adjudicated_by`) the platform serving its insured region now.
 */
export function insuredPlatformOf(record: ClaimRecord, routing: RoutingTable): string | undefined {
  const by = record.adjudication?.adjudicatedBy ?? "";
  if (by !== "" && by !== "hub") return by;
  return routing.servingPlatformId(record.claim?.insuplcAdmdvs ?? "");
}
