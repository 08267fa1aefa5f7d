// Messages between the scale scenario and its load-generator processes (Node IPC, JSON). Each
// process prepares its own share of the claims, runs its share of a phase's load and answers
// with its figures; the scenario adds them up.
import type { OpenLoopResult } from "../load/open-loop.js";
import type { ClosedLoopFigures } from "./closed-loop.js";

/** How many claims each phase of a point uses, over all load processes together. */
export interface PhaseCounts {
  readonly warm: number;
  readonly saturation: number;
  readonly open: number;
}

/** The scenario's commands to one load process. */
export type LoadWorkerCommand =
  | {
      readonly type: "setup";
      readonly addresses: readonly string[];
      /** The PKI directory whose platform certificates to call with (an mTLS hub); absent: plaintext. */
      readonly pkiDir?: string;
      readonly channelsPerAddress: number;
      /** This process's index and how many there are: its share of claims, in flight and rate. */
      readonly worker: number;
      readonly workers: number;
      readonly seed: number;
      readonly runTag: number;
      readonly counts: PhaseCounts;
    }
  | { readonly type: "closed"; readonly phase: "warm" | "saturation"; readonly inFlight: number; readonly durationSec: number }
  | { readonly type: "open"; readonly ratePerSec: number; readonly durationSec: number; readonly warmupSec: number }
  | { readonly type: "stop" };

/** An open-loop run's figures as they travel: the latency histogram compressed (HDR base64). */
export type OpenLoopShare = Omit<OpenLoopResult, "latencyUs" | "throughputPerSec"> & { readonly latencyBase64: string };

/** A load process's answers. */
export type LoadWorkerReply =
  | { readonly type: "ready"; readonly prepared: number }
  | { readonly type: "progress"; readonly settled: number; readonly errors: number }
  | { readonly type: "closed-done"; readonly figures: ClosedLoopFigures; readonly settledIds: readonly string[] }
  | { readonly type: "open-done"; readonly result: OpenLoopShare; readonly settledIds: readonly string[] }
  | { readonly type: "failed"; readonly message: string };

/** This process's part of `total` when `workers` share it: the first `total mod workers` take one more. */
export function shareOf(total: number, worker: number, workers: number): number {
  return Math.floor(total / workers) + (worker < total % workers ? 1 : 0);
}
