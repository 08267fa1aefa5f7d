/** Direction of one frame, seen from the kit. */
export const FrameDirection = { KIT_TO_PLATFORM: "kit->platform", PLATFORM_TO_KIT: "platform->kit", EVENT: "event" } as const;
export type FrameDirection = (typeof FrameDirection)[keyof typeof FrameDirection];

/** One frame (or stream event) with its time. */
export interface TranscriptEntry {
  /** ISO 8601 wall-clock time. */
  readonly at: string;
  readonly caseId: string;
  readonly direction: FrameDirection;
  /** Frame type: hello, claim, adjudication, SettleClaim, stream-cut, ... */
  readonly kind: string;
  /** The frame as proto JSON (long values cut). */
  readonly frame: unknown;
}

const MAX_STRING = 2_000;

/** Every frame both ways, in order, for the transcript file and the HTML report. */
export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  caseId = "";

  add(direction: FrameDirection, kind: string, frame: unknown): void {
    this.entries.push({ at: new Date().toISOString(), caseId: this.caseId, direction, kind, frame: bounded(frame) });
  }

  /** JSON Lines: one entry per line. */
  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify(e)).join("\n") + "\n";
  }
}

/** The frame with strings over 2,000 characters cut (an oversized frame stays readable). */
function bounded(value: unknown): unknown {
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(bounded);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bounded(v)]));
  }
  return value;
}
