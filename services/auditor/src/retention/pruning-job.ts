import type { ClaimStore } from "@tongxing/claim-store";
import type { Logger } from "@tongxing/telemetry";
import type { RetentionConfig } from "../config/retention-config.js";
import { pruneExpired } from "./prune-expired.js";

/** The auditor's periodic pruning; `stop()` waits for a run in progress. */
export interface PruningJob {
  stop(): Promise<void>;
}

/**
 * Runs {@link pruneExpired} every `retention.pruneIntervalMs` (none when 0), one run at a time,
 * on an unref'ed timer; a failed run is logged and the next one tries again.
 */
export function startPruningJob(store: ClaimStore, retention: RetentionConfig, log: Logger): PruningJob {
  let running: Promise<void> | undefined;
  const timer =
    retention.pruneIntervalMs > 0
      ? setInterval(() => {
          running ??= pruneExpired(store, retention)
            .then((report) => {
              if (report.claimRecords + report.personHistories > 0) log.info(report, "pruned data past retention");
            })
            .catch((err: unknown) => log.warn({ err }, "pruning past retention failed; next run retries"))
            .finally(() => {
              running = undefined;
            });
        }, retention.pruneIntervalMs)
      : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await running;
    },
  };
}
