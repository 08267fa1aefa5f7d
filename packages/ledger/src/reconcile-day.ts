import { create } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { LedgerEntryKind, ReconcileDetailSchema, ReconcileTotalsSchema, type LedgerEntry, type ReconcileDetail, type ReconcileTotals } from "@tongxing/proto";

/** "yyyy-MM-dd" of an entry's posting, Beijing time. */
export function postingDay(entry: LedgerEntry): string {
  const ms = entry.postedAt === undefined ? 0 : timestampMs(entry.postedAt);
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** One side's day: per claim net amounts (a reversal nets its settlement out) and the totals. */
export function hubDay(entries: Iterable<LedgerEntry>, day: string, belongs: (e: LedgerEntry) => boolean): { totals: ReconcileTotals; details: ReconcileDetail[] } {
  const byClaim = new Map<string, ReconcileDetail>();
  let count = 0;
  for (const e of entries) {
    if (postingDay(e) !== day || !belongs(e)) continue;
    count += e.kind === LedgerEntryKind.REVERSAL ? -1 : 1;
    const d = byClaim.get(e.claimId) ?? create(ReconcileDetailSchema, { claimId: e.claimId, setlId: e.setlId });
    d.medfeeSumamt += e.medfeeSumamt;
    d.fundPaySumamt += e.fundPaySumamt;
    d.acctPay += e.acctPay;
    byClaim.set(e.claimId, d);
  }
  const details = [...byClaim.values()].sort((a, b) => a.setlId.localeCompare(b.setlId));
  const totals = create(ReconcileTotalsSchema, {
    count,
    medfeeSumamt: details.reduce((s, d) => s + d.medfeeSumamt, 0n),
    fundPaySumamt: details.reduce((s, d) => s + d.fundPaySumamt, 0n),
    acctPay: details.reduce((s, d) => s + d.acctPay, 0n),
  });
  return { totals, details };
}

export function totalsEqual(a: ReconcileTotals | undefined, b: ReconcileTotals): boolean {
  return a !== undefined && a.count === b.count && a.medfeeSumamt === b.medfeeSumamt && a.fundPaySumamt === b.fundPaySumamt && a.acctPay === b.acctPay;
}

/** The claims whose detail differs between the platform and the hub, matched by setl_id. */
export function detailDifferences(hub: readonly ReconcileDetail[], platform: readonly ReconcileDetail[]) {
  const key = (d: ReconcileDetail) => d.setlId;
  const hubBy = new Map(hub.map((d) => [key(d), d]));
  const platformBy = new Map(platform.map((d) => [key(d), d]));
  const out: { setlId: string; claimId: string; problem: string; hub?: ReconcileDetail; platform?: ReconcileDetail }[] = [];
  for (const [k, p] of platformBy) {
    const h = hubBy.get(k);
    if (h === undefined) out.push({ setlId: k, claimId: p.claimId, problem: "missing at the hub", platform: p });
    else if (h.medfeeSumamt !== p.medfeeSumamt || h.fundPaySumamt !== p.fundPaySumamt || h.acctPay !== p.acctPay) out.push({ setlId: k, claimId: h.claimId, problem: "amounts differ", hub: h, platform: p });
  }
  for (const [k, h] of hubBy) if (!platformBy.has(k)) out.push({ setlId: k, claimId: h.claimId, problem: "missing at the platform", hub: h });
  return out;
}
