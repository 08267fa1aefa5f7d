import type { Logger } from "@tongxing/telemetry";

/**
 * The testing hook behind `TONGXING_CRASH_AT` (refused in production by the config): at the
 * named fault point the process SIGKILLs itself — a crash, no cleanup, no graceful shutdown —
 * so a test can restart it and check what the restarted auditor finishes.
 */
export function crashAtFaultPoint(crashAt: string, log: Logger): (point: string) => void {
  log.warn({ crash_at: crashAt }, `testing hook: this process kills itself at fault point ${crashAt}`);
  return (point) => {
    if (point !== crashAt) return;
    log.warn({ point }, `testing hook: crashing at ${point}`);
    process.kill(process.pid, "SIGKILL");
  };
}
