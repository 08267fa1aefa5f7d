import { ClaimStatus } from "@tongxing/proto";
import type { SettleDeps } from "../settle-deps.js";
import { finishReversalDecision } from "../reversals/finish-reversal-decision.js";
import { reversalDecisionOf } from "../reversals/reversal-decision-of.js";
import { finishDecision } from "./finish-decision.js";

/** A periodic sweep; `stop()` ends it (a sweep in flight finishes). */
export interface DecisionSweeper {
  /** One sweep now: the number of decisions it finished. */
  sweep(): Promise<number>;
  stop(): void;
}

/**
 * Finishes regulators' decisions a crash left part-done: every claim on the review index whose
 * record is no longer HELD or REVERSAL_HELD (APPROVED without its settlement, a held reversal's
 * approval without its negation or CANCELLED, or decided with the result or the index removal not
 * done) goes through {@link finishDecision} (or {@link finishReversalDecision}) again. Run once at start-up and
 * then every `intervalMs`; safe with several auditors (each step is idempotent).
 */
export function startDecisionSweeper(deps: SettleDeps, intervalMs: number): DecisionSweeper {
  let running: Promise<number> | undefined;
  async function sweepOnce(): Promise<number> {
    let finished = 0;
    for (const claimId of await deps.store.heldClaimIds()) {
      const stored = await deps.store.read(claimId);
      if (stored === undefined || stored.record.status === ClaimStatus.HELD || stored.record.status === ClaimStatus.REVERSAL_HELD) continue;
      try {
        if (reversalDecisionOf(stored.record) !== undefined) await finishReversalDecision(deps, stored.record);
        else await finishDecision(deps, stored.record);
        finished++;
        deps.log.info({ claim_id: claimId }, "finished a regulator's decision left part-done");
      } catch (err) {
        deps.log.warn({ err, claim_id: claimId }, "finishing a regulator's decision failed; next sweep retries");
      }
    }
    return finished;
  }
  const sweep = (): Promise<number> => {
    running ??= sweepOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => deps.log.warn({ err }, "decision sweep failed; next sweep retries"));
  }, intervalMs);
  timer.unref();
  return {
    sweep,
    stop: () => clearInterval(timer),
  };
}
