import type { DeadLetterSelector } from "./read-dead-letters.js";

/** `replay`'s selection arguments, as parsed. */
export interface ReplayArgs {
  readonly claim?: string | undefined;
  readonly reason?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

/**
 * Checks replay's selection: at least one of claim, reason, since (replaying every dead letter
 * at once is never what an operator means); times are ISO 8601 instants.
 */
export function parseReplaySelector(args: ReplayArgs): { ok: true; selector: DeadLetterSelector } | { ok: false; error: string } {
  if (args.claim === undefined && args.reason === undefined && args.since === undefined) {
    return { ok: false, error: "usage: replay (--claim ID | --reason R | --since T [--until T]) [--apply] [--nats URL]" };
  }
  const since = instant(args.since);
  const until = instant(args.until);
  if (since === null || until === null) return { ok: false, error: "--since and --until take ISO 8601 instants, e.g. 2026-12-03T08:00:00+08:00" };
  if (since !== undefined && until !== undefined && until <= since) return { ok: false, error: "--until must be after --since" };
  return {
    ok: true,
    selector: {
      ...(args.claim === undefined ? {} : { claimId: args.claim }),
      ...(args.reason === undefined ? {} : { reason: args.reason }),
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
    },
  };
}

function instant(text: string | undefined): Date | undefined | null {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}
