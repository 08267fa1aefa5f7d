// The scale scenario's load in this process (the default, one load process): the same phases as
// the load processes of load-workers.ts run, over one prepared set sliced per phase.
import { prepareNationalMix, type PreparedClaim } from "../load/national-mix.js";
import { runOpenLoop } from "../load/open-loop.js";
import type { PhaseCounts } from "./load-worker-protocol.js";
import type { PhaseLoad } from "./load-workers.js";
import { settleClosedLoop } from "./closed-loop.js";
import { createSettleLoad } from "./settle-load.js";

/** Options for {@link createInProcessLoad}. */
export interface InProcessLoadOptions {
  readonly addresses: readonly string[];
  readonly channelsPerAddress: number;
  readonly seed: number;
  readonly counts: PhaseCounts;
}

export function createInProcessLoad(options: InProcessLoadOptions): PhaseLoad {
  const { counts } = options;
  // One set, sliced per phase: every claim distinct (distinct msgid, so no idempotent replays).
  const all = prepareNationalMix(counts.warm + counts.saturation + counts.open, options.seed);
  const claims = { warm: all.slice(0, counts.warm), saturation: all.slice(counts.warm, counts.warm + counts.saturation), open: all.slice(counts.warm + counts.saturation) };
  const load = createSettleLoad({ addresses: options.addresses, channelsPerAddress: options.channelsPerAddress });
  const settledIds = new Set<string>();
  return {
    processes: 1,
    pids: [process.pid],
    settledIds,
    closed: (phase, inFlight, durationSec, progress) => settleClosedLoop(load, claims[phase], inFlight, durationSec, settledIds, progress),
    open: (ratePerSec, durationSec, warmupSec, progress) =>
      runOpenLoop({
        ratePerSec,
        durationSec,
        warmupSec,
        ...(progress === undefined ? {} : { onProgress: progress }),
        send: async (i) => {
          settledIds.add((await load.settle(claims.open[i % claims.open.length] as PreparedClaim, i)).claimId);
        },
      }),
    async stop() {
      load.close();
    },
  };
}
