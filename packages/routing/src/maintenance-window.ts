/**
 * Scheduled maintenance windows of a platform (routing-table data, effective-dated like dialect
 * cutovers): during a window the hub either queues the platform's claims durably and delivers
 * them in order after it, or refuses them at once naming the window's end.
 */

export const WindowMode = {
  /** Claims wait (in order) and are delivered after the window. */
  QUEUE: "queue",
  /** Claims are refused at once (FAILED_PRECONDITION) with the window's end. */
  REFUSE: "refuse",
} as const;
export type WindowMode = (typeof WindowMode)[keyof typeof WindowMode];

export interface MaintenanceWindow {
  /**
   * The operator's reference of the window (1–64 characters), e.g. "JS-2026-11-MAINT": a late
   * claim (补录) for care paid in cash during it names it (`late_settlement.window_id`).
   */
  readonly id?: string;
  /** ISO 8601 instant with offset, inclusive, e.g. "2026-12-05T22:00:00+08:00". */
  readonly start: string;
  /** ISO 8601 instant with offset, exclusive. */
  readonly end: string;
  readonly mode: WindowMode;
  /** Shown to submitters (e.g. "系统升级"). */
  readonly reason?: string;
}

const INSTANT_WITH_OFFSET = /[zZ]|[+-]\d\d:\d\d$/;

/** Validated windows, sorted by start; undefined when any is unusable (the entry is then ignored). */
export function parseMaintenanceWindows(value: unknown): MaintenanceWindow[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const out: MaintenanceWindow[] = [];
  for (const item of value) {
    const w = item as Record<string, unknown> | null;
    if (w === null || typeof w !== "object" || typeof w.start !== "string" || typeof w.end !== "string") return undefined;
    if (w.mode !== WindowMode.QUEUE && w.mode !== WindowMode.REFUSE) return undefined;
    if (!INSTANT_WITH_OFFSET.test(w.start) || !INSTANT_WITH_OFFSET.test(w.end)) return undefined;
    const startMs = Date.parse(w.start);
    const endMs = Date.parse(w.end);
    if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) return undefined;
    if (w.id !== undefined && (typeof w.id !== "string" || w.id.trim() === "" || w.id.length > 64)) return undefined;
    out.push({ ...(typeof w.id === "string" ? { id: w.id } : {}), start: w.start, end: w.end, mode: w.mode, ...(typeof w.reason === "string" ? { reason: w.reason } : {}) });
  }
  return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * The window in force at an instant, if any; where windows overlap a refusing one wins (the
 * stricter promise to the counter).
 */
export function maintenanceWindowAt(windows: readonly MaintenanceWindow[] | undefined, atMs: number): MaintenanceWindow | undefined {
  let found: MaintenanceWindow | undefined;
  for (const w of windows ?? []) {
    if (Date.parse(w.start) <= atMs && atMs < Date.parse(w.end)) {
      if (w.mode === WindowMode.REFUSE) return w;
      found ??= w;
    }
  }
  return found;
}
