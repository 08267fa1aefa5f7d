import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ClaimStore } from "@tongxing/claim-store";
import { statusName } from "@tongxing/lifecycle";
import type { ClaimRecord } from "@tongxing/proto";
import type { Principal } from "./account.js";
import { canSee, claimAmountFen, readRecord } from "./claim-view.js";

/** Claims search filters, as the URL gives them. */
export interface ClaimFilter {
  readonly status?: string;
  readonly treated?: string;
  readonly insured?: string;
  readonly institution?: string;
  readonly rule?: string;
  readonly minFen?: bigint;
  readonly maxFen?: bigint;
  /** Received at or after / before, ms since the epoch. */
  readonly fromMs?: number;
  readonly toMs?: number;
}

function matches(r: ClaimRecord, f: ClaimFilter): boolean {
  const c = r.claim;
  const received = r.events[0]?.at === undefined ? 0 : timestampMs(r.events[0].at);
  const fen = claimAmountFen(r);
  return (
    (f.status === undefined || statusName(r.status) === f.status) &&
    (f.treated === undefined || (c?.mdtrtareaAdmvs ?? "").startsWith(f.treated)) &&
    (f.insured === undefined || (c?.insuplcAdmdvs ?? "").startsWith(f.insured)) &&
    (f.institution === undefined || (c?.fixmedinsCode ?? "") === f.institution) &&
    (f.rule === undefined || (r.verdict?.findings ?? []).some((x) => x.ruleId === f.rule)) &&
    (f.minFen === undefined || fen >= f.minFen) &&
    (f.maxFen === undefined || fen <= f.maxFen) &&
    (f.fromMs === undefined || received >= f.fromMs) &&
    (f.toMs === undefined || received < f.toMs)
  );
}

/** What a bounded scan of the claims bucket read. */
export interface ClaimScan {
  readonly records: ClaimRecord[];
  /** Claim records read (in scope or not). */
  readonly scanned: number;
  /** The bucket holds more claims than were read: results cover only the `scanned` ones, in no time order. */
  readonly truncated: boolean;
}

/**
 * Searches the claims in the caller's scope, newest first, one page at a time. It reads the
 * claims bucket (claim ids are its only one-token keys), at most `scanLimit` records, in the
 * bucket's key order (not newest first); `truncated` says there were more, so the results are
 * incomplete and `total` is a lower bound.
 */
export async function searchClaims(claims: ClaimStore, who: Principal, filter: ClaimFilter, page: number, pageSize: number, scanLimit: number): Promise<{ total: number; truncated: boolean; scanned: number; records: ClaimRecord[] }> {
  const scan = await scanClaimRecords(claims, who, scanLimit);
  const found = scan.records.filter((r) => matches(r, filter)).map((r) => ({ r, at: r.events[0]?.at === undefined ? 0 : timestampMs(r.events[0].at) }));
  found.sort((a, b) => b.at - a.at || a.r.claimId.localeCompare(b.r.claimId));
  return { total: found.length, truncated: scan.truncated, scanned: scan.scanned, records: found.slice((page - 1) * pageSize, page * pageSize).map((x) => x.r) };
}

/** Every claim record in the caller's scope, at most `scanLimit` read. */
export async function scanClaimRecords(claims: ClaimStore, who: Principal, scanLimit: number): Promise<ClaimScan> {
  const { ids, truncated } = await claims.claimIds(scanLimit);
  const records: ClaimRecord[] = [];
  for (let i = 0; i < ids.length; i += 200) {
    const batch = await Promise.all(ids.slice(i, i + 200).map((id) => readRecord(claims, id)));
    for (const r of batch) {
      if (r === undefined || !canSee(who, r)) continue;
      // Searches and statistics never show the message as received: not held for the whole scan.
      r.received = undefined;
      records.push(r);
    }
  }
  return { records, scanned: ids.length, truncated };
}
