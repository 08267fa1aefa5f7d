// The closed-loop run of the scale scenario and of the load workers: a fixed number of
// SettleClaim calls always in flight over prepared claims, each sent once.
import type { PreparedClaim } from "../load/national-mix.js";
import type { SettleLoad } from "./settle-load.js";

/** Figures of a closed-loop run. */
export interface ClosedLoopFigures {
  readonly inFlight: number;
  readonly durationSec: number;
  readonly settled: number;
  readonly settledPerSec: number;
  readonly errors: number;
  /** True when the prepared claims ran out before the time did. */
  readonly ranOut: boolean;
  /**
   * CPU the load generator (this one process) used meanwhile, as a share of one core (0.9 = 90 %).
   * Near 1, the figure is the generator's limit rather than the hub's.
   */
  readonly loadGeneratorCore: number;
  readonly firstError?: string;
}

/**
 * A closed loop over prepared claims, each sent once: `inFlight` workers until the time is up
 * or the claims run out. Progress every second.
 */
export async function settleClosedLoop(
  load: SettleLoad,
  claims: readonly PreparedClaim[],
  inFlight: number,
  durationSec: number,
  settledIds: Set<string>,
  progress?: (line: string) => void,
): Promise<ClosedLoopFigures> {
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const until = start + durationSec * 1000;
  let next = 0;
  let settled = 0;
  let errors = 0;
  let firstError: string | undefined;
  const ticker =
    progress === undefined
      ? undefined
      : setInterval(() => {
          const s = (performance.now() - start) / 1000;
          progress(`  ${s.toFixed(0)} s: settled ${settled} (${Math.round(settled / s)}/s), in flight ${inFlight}, errors ${errors}`);
        }, 1_000);
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() < until && next < claims.length) {
          const i = next++;
          try {
            const r = await load.settle(claims[i] as PreparedClaim, i);
            settledIds.add(r.claimId);
            settled += 1;
          } catch (err) {
            errors += 1;
            firstError ??= err instanceof Error ? err.message : String(err);
          }
        }
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    inFlight,
    loadGeneratorCore: Number(((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)),
    durationSec: Number(elapsed.toFixed(2)),
    settled,
    settledPerSec: Math.round(settled / elapsed),
    errors,
    ranOut: next >= claims.length && performance.now() < until,
    ...(firstError === undefined ? {} : { firstError }),
  };
}
