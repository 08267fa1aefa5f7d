import { WindowMode } from "./maintenance-window.js";
import type { PlatformEntry } from "./routing-entry.js";

/**
 * How long after a queueing maintenance window ends its platform's claims still go through the
 * router: the router releases the queued claims in order and queues newer ones behind them until
 * the queue is empty, which only the router knows. An hour covers the release of any queue the
 * router can drain; past it intake publishes straight to the platform again.
 */
export const QUEUE_RELEASE_GRACE_MS = 60 * 60_000;

/**
 * Whether a claim for `platform` must go through the router (CLAIMS) rather than straight from
 * intake to the platform's DELIVERY subject: the platform has a claim-count backlog limit (the
 * router counts its backlog and refuses past it), or a queueing maintenance window is in force,
 * about to start or ended less than {@link QUEUE_RELEASE_GRACE_MS} ago (the router queues and
 * releases in order). Every other claim is routed once, at intake. A refusing window needs no
 * router: intake refuses it (RoutingTable.resolve).
 */
export function needsRouter(platform: PlatformEntry, nowMs: number): boolean {
  if (platform.backlogLimits?.maxClaims !== undefined) return true;
  for (const w of platform.maintenanceWindows ?? []) {
    if (w.mode !== WindowMode.QUEUE) continue;
    // "about to start": a claim published straight now could still be in flight at the start.
    if (Date.parse(w.start) - 60_000 <= nowMs && nowMs < Date.parse(w.end) + QUEUE_RELEASE_GRACE_MS) return true;
  }
  return false;
}
