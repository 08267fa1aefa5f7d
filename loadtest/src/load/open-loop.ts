import { build, type Histogram } from "hdr-histogram-js";

/** Options for {@link runOpenLoop}. */
export interface OpenLoopOptions {
  readonly ratePerSec: number;
  readonly durationSec: number;
  /** Sends request `i`; resolves when it is answered (settled), rejects on error. */
  readonly send: (i: number) => Promise<void>;
  /** Requests in flight above which new ones are counted as dropped (protects the generator). */
  readonly maxInFlight?: number;
  /** Called about once a second. */
  readonly onProgress?: (line: string) => void;
  /** Seconds at the start whose latencies are not recorded (JIT warm-up). */
  readonly warmupSec?: number;
}

/** Figures of one open-loop run. Latencies in microseconds from each request's intended start. */
export interface OpenLoopResult {
  readonly ratePerSec: number;
  readonly sent: number;
  readonly completed: number;
  readonly errors: number;
  readonly dropped: number;
  readonly elapsedSec: number;
  readonly throughputPerSec: number;
  readonly latencyUs: Histogram;
  readonly firstError?: string;
}

/**
 * Open-loop arrivals at a fixed rate: request i is due at start + i / rate whatever happened to
 * earlier ones, and its latency counts from when it was due, so a stall shows up in the tail
 * instead of slowing the arrivals (no coordinated omission).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = Math.round(options.ratePerSec * options.durationSec);
  const warmupUntil = (options.warmupSec ?? 0) * 1000;
  const latencyUs = build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  const maxInFlight = options.maxInFlight ?? 50_000;
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  let firstError: string | undefined;
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let lastProgress = start;

  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * options.ratePerSec) + 1);
    while (sent < due) {
      const i = sent++;
      const intended = start + (i * 1000) / options.ratePerSec;
      if (inFlight >= maxInFlight) {
        dropped += 1;
        continue;
      }
      inFlight += 1;
      const p: Promise<void> = options
        .send(i)
        .then(
          () => {
            completed += 1;
            if (intended - start >= warmupUntil) latencyUs.recordValue(Math.max(1, Math.round((performance.now() - intended) * 1000)));
          },
          (err: unknown) => {
            errors += 1;
            firstError ??= err instanceof Error ? err.message : String(err);
          },
        )
        .finally(() => {
          inFlight -= 1;
          pending.delete(p);
        });
      pending.add(p);
    }
    if (options.onProgress !== undefined && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress(`  ${((now - start) / 1000).toFixed(0)} s: sent ${sent}/${total}, done ${completed}, in flight ${inFlight}, errors ${errors}`);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all([...pending]);
  const elapsedSec = (performance.now() - start) / 1000;
  return {
    ratePerSec: options.ratePerSec,
    sent,
    completed,
    errors,
    dropped,
    elapsedSec,
    throughputPerSec: completed / elapsedSec,
    latencyUs,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** Closed loop: `concurrency` requests always in flight for `durationSec`; the saturation rate. */
export async function runClosedLoop(concurrency: number, durationSec: number, send: (i: number) => Promise<void>): Promise<{ completed: number; errors: number; perSec: number }> {
  const until = performance.now() + durationSec * 1000;
  let i = 0;
  let completed = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        try {
          await send(i++);
          completed += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { completed, errors, perSec: completed / ((performance.now() - start) / 1000) };
}
