// One load-generator process of the scale scenario (`--load-processes`): forked by the scenario,
// it prepares its share of the claims, runs its share of each phase's SettleClaim load against the
// translators and reports its figures over IPC (load-worker-protocol.ts). A single grpc-js client
// process tops out at a few thousand calls per second, so a bigger machine needs several.
import { encodeIntoCompressedBase64 } from "hdr-histogram-js";
import { DEFAULT_KIND_WEIGHTS } from "../claims/claim-factory.js";
import { prepareNationalMix, type PreparedClaim } from "../load/national-mix.js";
import { runOpenLoop } from "../load/open-loop.js";
import { shareOf, type LoadWorkerCommand, type LoadWorkerReply } from "./load-worker-protocol.js";
import { settleClosedLoop } from "./closed-loop.js";
import { pkiPaths } from "@tongxing/pki";
import { platformCredentialsFromPki } from "../simulator/pki-credentials.js";
import { createSettleLoad, type SettleLoad } from "./settle-load.js";

interface Prepared {
  readonly load: SettleLoad;
  readonly worker: number;
  readonly workers: number;
  readonly claims: { readonly warm: readonly PreparedClaim[]; readonly saturation: readonly PreparedClaim[]; readonly open: readonly PreparedClaim[] };
}

let prepared: Prepared | undefined;
let settled = 0;
let errors = 0;

function reply(message: LoadWorkerReply): void {
  process.send?.(message);
}

/** The load, counting what it settles and fails for the progress messages. */
function counting(load: SettleLoad): SettleLoad {
  return {
    ...load,
    settle: async (claim, i) => {
      try {
        const r = await load.settle(claim, i);
        settled += 1;
        return r;
      } catch (err) {
        errors += 1;
        throw err;
      }
    },
  };
}

/** Progress to the scenario once a second while `body` runs. */
async function withProgress<T>(body: () => Promise<T>): Promise<T> {
  settled = 0;
  errors = 0;
  const ticker = setInterval(() => reply({ type: "progress", settled, errors }), 1_000);
  try {
    return await body();
  } finally {
    clearInterval(ticker);
  }
}

async function handle(command: LoadWorkerCommand): Promise<void> {
  switch (command.type) {
    case "setup": {
      const { worker, workers, counts } = command;
      const share = { warm: shareOf(counts.warm, worker, workers), saturation: shareOf(counts.saturation, worker, workers), open: shareOf(counts.open, worker, workers) };
      // Its own random stream, and message times interleaved with the other shares' (distinct msgids).
      const all = prepareNationalMix(share.warm + share.saturation + share.open, command.seed * 1_000 + worker + 1, DEFAULT_KIND_WEIGHTS, {
        runTag: command.runTag,
        share: { every: workers, offset: worker },
      });
      const credentials = command.pkiDir === undefined ? undefined : platformCredentialsFromPki(pkiPaths(command.pkiDir));
      const load = createSettleLoad({
        addresses: command.addresses,
        channelsPerAddress: command.channelsPerAddress,
        ...(credentials === undefined ? {} : { credentialsFor: (platform: string) => credentials(platform) }),
      });
      prepared = {
        load,
        worker,
        workers,
        claims: { warm: all.slice(0, share.warm), saturation: all.slice(share.warm, share.warm + share.saturation), open: all.slice(share.warm + share.saturation) },
      };
      return reply({ type: "ready", prepared: all.length });
    }
    case "closed": {
      const p = required();
      const ids = new Set<string>();
      const figures = await withProgress(() => settleClosedLoop(counting(p.load), p.claims[command.phase], shareOf(command.inFlight, p.worker, p.workers), command.durationSec, ids));
      return reply({ type: "closed-done", figures, settledIds: [...ids] });
    }
    case "open": {
      const p = required();
      const ids = new Set<string>();
      const open = p.claims.open;
      const load = counting(p.load);
      const r = await withProgress(() =>
        runOpenLoop({
          ratePerSec: command.ratePerSec / p.workers,
          durationSec: command.durationSec,
          warmupSec: command.warmupSec,
          send: async (i) => {
            ids.add((await load.settle(open[i % open.length] as PreparedClaim, i)).claimId);
          },
        }),
      );
      return reply({
        type: "open-done",
        result: {
          ratePerSec: r.ratePerSec,
          sent: r.sent,
          completed: r.completed,
          errors: r.errors,
          dropped: r.dropped,
          elapsedSec: r.elapsedSec,
          latencyBase64: encodeIntoCompressedBase64(r.latencyUs),
          ...(r.firstError === undefined ? {} : { firstError: r.firstError }),
        },
        settledIds: [...ids],
      });
    }
    case "stop":
      prepared?.load.close();
      process.disconnect?.();
      return;
  }
}

function required(): Prepared {
  if (prepared === undefined) throw new Error("load process got a phase before its setup");
  return prepared;
}

process.on("message", (command: LoadWorkerCommand) => {
  handle(command).catch((err: unknown) => reply({ type: "failed", message: err instanceof Error ? err.message : String(err) }));
});
// The scenario gone (killed, or done without a stop): nothing left to do.
process.on("disconnect", () => process.exit(0));
