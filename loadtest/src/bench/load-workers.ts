// The scale scenario's load spread over several load-generator processes (load-worker-main.ts):
// each runs its share of a phase at once, and their figures are added up here: calls settled and
// failed, the busiest process's CPU, and one latency histogram merged from theirs.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build, decodeFromCompressedBase64 } from "hdr-histogram-js";
import type { OpenLoopResult } from "../load/open-loop.js";
import type { LoadWorkerCommand, LoadWorkerReply, PhaseCounts } from "./load-worker-protocol.js";
import type { ClosedLoopFigures } from "./closed-loop.js";

import { hubPkiDir } from "@tongxing/testkit";

const WORKER_MAIN = fileURLToPath(new URL("./load-worker-main.ts", import.meta.url));
/** How long a process may take to prepare its claims and connect. */
const SETUP_TIMEOUT_MS = 120_000;

/** Options for {@link startLoadWorkers}. */
export interface LoadWorkersOptions {
  readonly processes: number;
  readonly addresses: readonly string[];
  readonly channelsPerAddress: number;
  readonly seed: number;
  readonly counts: PhaseCounts;
  readonly say: (line: string) => void;
}

/** A point's load, ready to run its phases; every claim it settles is added to `settledIds`. */
export interface PhaseLoad {
  /** Load-generator processes running it (1: this one), and their pids (to watch their CPU). */
  readonly processes: number;
  readonly pids: readonly number[];
  readonly settledIds: Set<string>;
  closed(phase: "warm" | "saturation", inFlight: number, durationSec: number, progress?: (line: string) => void): Promise<ClosedLoopFigures>;
  open(ratePerSec: number, durationSec: number, warmupSec: number, progress?: (line: string) => void): Promise<OpenLoopResult>;
  /** Stops every process (also on failure, so none is left behind). */
  stop(): Promise<void>;
}

interface Worker {
  readonly child: ChildProcess;
  /** Replies not yet taken, and who waits for the next one. */
  readonly inbox: LoadWorkerReply[];
  wake?: () => void;
  exited: boolean;
  lastProgress: { settled: number; errors: number };
}

/** Forks the processes and has each prepare its share; resolves when all are ready. */
export async function startLoadWorkers(options: LoadWorkersOptions): Promise<PhaseLoad> {
  const runTag = Date.now() % 1_000_000;
  const workers: Worker[] = [];
  const settledIds = new Set<string>();
  const stop = async (): Promise<void> => {
    await Promise.all(
      workers.map(async (w) => {
        if (w.exited) return;
        const exited = new Promise<void>((resolve) => w.child.once("exit", () => resolve()));
        if (w.child.connected) w.child.send({ type: "stop" } satisfies LoadWorkerCommand);
        const timer = setTimeout(() => w.child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };
  try {
    for (let i = 0; i < options.processes; i++) workers.push(spawnWorker(i));
    for (const [i, w] of workers.entries()) {
      send(w, { type: "setup", addresses: options.addresses, ...pkiDirOf(options.addresses),  channelsPerAddress: options.channelsPerAddress, worker: i, workers: options.processes, seed: options.seed, runTag, counts: options.counts });
    }
    const prepared = await Promise.all(workers.map((w) => next(w, "ready", SETUP_TIMEOUT_MS)));
    options.say(`  ${options.processes} load processes ready (${prepared.reduce((a, r) => a + r.prepared, 0)} claims prepared)`);
  } catch (err) {
    await stop();
    throw err;
  }

  /** Runs one phase on every process and collects their answers, printing combined progress. */
  async function phase<K extends "closed-done" | "open-done">(command: LoadWorkerCommand, done: K, progress?: (line: string) => void): Promise<Extract<LoadWorkerReply, { type: K }>[]> {
    const start = performance.now();
    for (const w of workers) {
      w.lastProgress = { settled: 0, errors: 0 };
      send(w, command);
    }
    const ticker =
      progress === undefined
        ? undefined
        : setInterval(() => {
            const s = (performance.now() - start) / 1000;
            const sum = workers.reduce((a, w) => ({ settled: a.settled + w.lastProgress.settled, errors: a.errors + w.lastProgress.errors }), { settled: 0, errors: 0 });
            progress(`  ${s.toFixed(0)} s: settled ${sum.settled} (${Math.round(sum.settled / s)}/s) over ${workers.length} load processes, errors ${sum.errors}`);
          }, 1_000);
    try {
      const replies: Extract<LoadWorkerReply, { type: K }>[] = await Promise.all(workers.map((w) => next(w, done)));
      for (const r of replies as { readonly settledIds: readonly string[] }[]) for (const id of r.settledIds) settledIds.add(id);
      return replies;
    } finally {
      clearInterval(ticker);
    }
  }

  return {
    processes: options.processes,
    pids: workers.map((w) => w.child.pid ?? 0),
    settledIds,
    async closed(kind, inFlight, durationSec, progress) {
      const replies = await phase({ type: "closed", phase: kind, inFlight, durationSec }, "closed-done", progress);
      const figures = replies.map((r) => r.figures);
      const elapsed = Math.max(...figures.map((f) => f.durationSec));
      const settled = figures.reduce((a, f) => a + f.settled, 0);
      const firstError = figures.find((f) => f.firstError !== undefined)?.firstError;
      return {
        inFlight,
        durationSec: elapsed,
        settled,
        settledPerSec: elapsed > 0 ? Math.round(settled / elapsed) : 0,
        errors: figures.reduce((a, f) => a + f.errors, 0),
        ranOut: figures.some((f) => f.ranOut),
        // The limit is per process: the busiest one says whether the generator held the figure down.
        loadGeneratorCore: Math.max(...figures.map((f) => f.loadGeneratorCore)),
        ...(firstError === undefined ? {} : { firstError }),
      };
    },
    async open(ratePerSec, durationSec, warmupSec, progress) {
      const replies = await phase({ type: "open", ratePerSec, durationSec, warmupSec }, "open-done", progress);
      const latencyUs = build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
      for (const r of replies) latencyUs.add(decodeFromCompressedBase64(r.result.latencyBase64));
      const results = replies.map((r) => r.result);
      const elapsedSec = Math.max(...results.map((r) => r.elapsedSec));
      const completed = results.reduce((a, r) => a + r.completed, 0);
      const firstError = results.find((r) => r.firstError !== undefined)?.firstError;
      return {
        ratePerSec,
        sent: results.reduce((a, r) => a + r.sent, 0),
        completed,
        errors: results.reduce((a, r) => a + r.errors, 0),
        dropped: results.reduce((a, r) => a + r.dropped, 0),
        elapsedSec,
        throughputPerSec: elapsedSec > 0 ? completed / elapsedSec : 0,
        latencyUs,
        ...(firstError === undefined ? {} : { firstError }),
      };
    },
    stop,
  };

  function spawnWorker(index: number): Worker {
    const child = fork(WORKER_MAIN, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const w: Worker = { child, inbox: [], exited: false, lastProgress: { settled: 0, errors: 0 } };
    child.on("message", (m: LoadWorkerReply) => {
      if (m.type === "progress") {
        w.lastProgress = { settled: m.settled, errors: m.errors };
        return;
      }
      w.inbox.push(m);
      w.wake?.();
    });
    child.once("exit", (code, signal) => {
      w.exited = true;
      w.inbox.push({ type: "failed", message: `load process ${index} exited (${signal ?? code})` });
      w.wake?.();
    });
    return w;
  }
}

function send(w: Worker, command: LoadWorkerCommand): void {
  if (!w.child.connected) throw new Error("a load process is gone");
  w.child.send(command);
}

/** The worker's next reply, which must be of type `type` (a failure or another reply rejects). */
async function next<K extends LoadWorkerReply["type"]>(w: Worker, type: K, timeoutMs?: number): Promise<Extract<LoadWorkerReply, { type: K }>> {
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  while (w.inbox.length === 0) {
    await new Promise<void>((resolve) => {
      w.wake = resolve;
      if (deadline !== undefined) setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
    });
    w.wake = undefined;
    if (w.inbox.length === 0 && deadline !== undefined && Date.now() >= deadline) throw new Error(`a load process sent no "${type}" within ${timeoutMs} ms`);
  }
  const m = w.inbox.shift() as LoadWorkerReply;
  if (m.type === "failed") throw new Error(m.message);
  if (m.type !== type) throw new Error(`a load process answered "${m.type}" where "${type}" was due`);
  return m as Extract<LoadWorkerReply, { type: K }>;
}

/** The test hub PKI the addresses speak mTLS with, for the load processes (they cannot see this process's registry). */
function pkiDirOf(addresses: readonly string[]): { pkiDir?: string } {
  const dir = addresses.map(hubPkiDir).find((d) => d !== undefined);
  return dir === undefined ? {} : { pkiDir: dir };
}
