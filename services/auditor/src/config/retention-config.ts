/**
 * How long the auditor keeps each class of data it owns. Days; 0 keeps for ever. The ledger and
 * the audit chain are evidence and are never pruned (their streams deny delete and purge).
 */
export interface RetentionConfig {
  /** Claim records in a final state (SETTLED, REJECTED, CANCELLED) and their index keys, counted from the last event. Default 3 years. */
  readonly claimRecordDays: number;
  /** A person's encounter history (fraud rules), counted from the newest encounter. Default 1 year. */
  readonly personHistoryDays: number;
  /** How often the pruning job runs in the auditor. Default 1 hour; 0: only `npm run prune`. */
  readonly pruneIntervalMs: number;
}

export const DEFAULT_RETENTION: RetentionConfig = { claimRecordDays: 3 * 365, personHistoryDays: 365, pruneIntervalMs: 3_600_000 };

export function resolveRetention(options: Partial<RetentionConfig> = {}): RetentionConfig {
  const r = { ...DEFAULT_RETENTION, ...options };
  for (const [name, v] of Object.entries(r)) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`retention ${name} must be a number ≥ 0, got ${v}`);
  }
  return r;
}
