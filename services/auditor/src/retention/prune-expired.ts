import type { ClaimStore } from "@tongxing/claim-store";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import type { RetentionConfig } from "../config/retention-config.js";

const DAY_MS = 86_400_000;

/** States after which a record changes no more; only these are pruned. */
const FINAL: ReadonlySet<ClaimStatus> = new Set([ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.CANCELLED]);

/** What one pruning run removed. */
export interface PruneReport {
  readonly claimRecords: number;
  readonly personHistories: number;
}

function lastEventMs(record: ClaimRecord): number {
  const at = record.events.at(-1)?.at;
  return at === undefined ? Number.POSITIVE_INFINITY : Number(at.seconds) * 1000 + Math.floor(at.nanos / 1e6);
}

/**
 * One pruning run of the data the auditor owns: claim records in a final state whose last event
 * is older than their retention (with their index keys), and person histories whose newest
 * encounter is. The ledger and the audit chain are evidence and are never pruned, so a period's
 * clearing totals stay as they were. `nowMs` is injectable for tests and backfills.
 */
export async function pruneExpired(store: ClaimStore, retention: RetentionConfig, nowMs = Date.now()): Promise<PruneReport> {
  let claimRecords = 0;
  if (retention.claimRecordDays > 0) {
    const cutoffMs = nowMs - retention.claimRecordDays * DAY_MS;
    const { ids } = await store.claimIds(Number.MAX_SAFE_INTEGER);
    for (const id of ids) {
      const stored = await store.read(id);
      if (stored === undefined || !FINAL.has(stored.record.status) || lastEventMs(stored.record) >= cutoffMs) continue;
      if (await store.forget(stored)) claimRecords++;
    }
  }
  const personHistories = retention.personHistoryDays > 0 ? await store.forgetHistoriesBefore(nowMs - retention.personHistoryDays * DAY_MS) : 0;
  return { claimRecords, personHistories };
}
