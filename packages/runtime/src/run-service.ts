import type { Logger } from "@tongxing/telemetry";

/** Anything with a start and an idempotent stop: every hub service. */
export interface Startable {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/** Options for {@link runService}. */
export interface RunServiceOptions {
  readonly name: string;
  readonly service: Startable;
  readonly log: Logger;
  /** After a signal, how long a clean stop may take before the process is ended. */
  readonly shutdownGraceMs?: number;
}

/**
 * The process wrapper of a service (its main.ts): starts it, stops it in order on SIGINT or
 * SIGTERM, and ends the process only if the stop overruns its grace period.
 */
export function runService(options: RunServiceOptions): void {
  const { name, service, log } = options;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  let shuttingDown = false;

  async function shutdown(signal: string): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, `${name} shutting down`);
    const force = setTimeout(() => {
      log.error(`${name} did not stop within ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs);
    force.unref();
    try {
      await service.stop();
    } catch (err) {
      log.error({ err }, `${name} stopped with an error`);
      process.exitCode = 1;
    }
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  service.start().catch(async (err: unknown) => {
    log.fatal({ err }, `${name} failed to start`);
    process.exitCode = 1;
    await shutdown("start-failure");
  });
}
