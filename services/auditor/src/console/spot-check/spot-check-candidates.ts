import type { NatsConnection } from "@nats-io/nats-core";
import { provinceOf } from "@tongxing/domain";
import { readLedgerPeriod } from "@tongxing/ledger";
import { LedgerEntryKind } from "@tongxing/proto";

/** The claims a spot check draws from: settled in the period and treated in the province (its institutions are inspected). */
export async function spotCheckCandidates(nc: NatsConnection, province: string, period: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const e of readLedgerPeriod(nc, period)) {
    if (e.period === period && e.kind === LedgerEntryKind.SETTLEMENT && provinceOf(e.mdtrtareaAdmvs) === province) ids.add(e.claimId);
  }
  return [...ids];
}
