import type { Claim } from "@tongxing/proto";

const NATIONAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A national "yyyy-MM-dd HH:mm:ss" (Beijing time) as epoch ms, or undefined. */
function nationalTimeMs(text: string | undefined): number | undefined {
  if (text === undefined || !NATIONAL_TIME.test(text)) return undefined;
  const ms = Date.parse(`${text.replace(" ", "T")}+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Start and end of care, epoch ms; a missing end is the start and vice versa. */
export function encounterSpanMs(claim: Claim, fallbackMs: number): [number, number] {
  const begin = nationalTimeMs(claim.encounter?.begntime);
  const end = nationalTimeMs(claim.encounter?.endtime);
  const b = begin ?? end ?? fallbackMs;
  const e = end ?? begin ?? fallbackMs;
  return b <= e ? [b, e] : [e, b];
}

/** When care ended, else began, else now. */
export function encounterTimeMs(claim: Claim): number {
  return nationalTimeMs(claim.encounter?.endtime) ?? nationalTimeMs(claim.encounter?.begntime) ?? Date.now();
}
