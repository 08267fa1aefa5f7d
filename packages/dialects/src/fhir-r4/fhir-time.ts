/**
 * FHIR dateTime ↔ the national time form (spec §2). The national interface writes local time of
 * the treatment region without a zone, "yyyy-MM-dd HH:mm:ss"; China has one time zone, so the
 * hub reads every FHIR time as Beijing time (UTC+8) and writes it back with `+08:00`.
 */

/** A parse result: the value, or why there is none. */
export type TimeParse = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

const FHIR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/;
const FHIR_PARTIAL = /^\d{4}(-\d{2})?$/;
const FHIR_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const NATIONAL = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const UTC_VERDICT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?$/;
const BEIJING_OFFSET_MINUTES = 8 * 60;
const MINUTE_MS = 60_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Whether y-m-d is a day of the (proleptic Gregorian) calendar. */
function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

function isClockTime(h: number, mi: number, s: number): boolean {
  return h <= 23 && mi <= 59 && s <= 59;
}

/** Milliseconds since the epoch of a wall-clock time at `offsetMinutes` east of UTC (years 1–9999 exact). */
function epochMs(y: number, m: number, d: number, h: number, mi: number, s: number, offsetMinutes: number): number {
  const at = new Date(Date.UTC(2000, 0, 1, h, mi, s));
  at.setUTCFullYear(y, m - 1, d);
  return at.getTime() - offsetMinutes * MINUTE_MS;
}

/** The national "yyyy-MM-dd HH:mm:ss" of an instant in Beijing time, or undefined outside years 1–9999. */
function beijingText(ms: number): string | undefined {
  const t = new Date(ms + BEIJING_OFFSET_MINUTES * MINUTE_MS);
  const y = t.getUTCFullYear();
  if (y < 1 || y > 9999) return undefined;
  return `${pad(y, 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

/**
 * A FHIR dateTime as national text: a date stays a date ("2014-08-16"); a time is converted to
 * Beijing time, fractional seconds dropped ("2026-03-01T01:30:00.5Z" → "2026-03-01 09:30:00").
 */
export function fhirToNationalTime(text: string): TimeParse {
  const m = FHIR_DATE_TIME.exec(text);
  if (m === null) {
    if (FHIR_PARTIAL.test(text)) return { ok: false, problem: `must be a full date (yyyy-MM-dd) or a date-time; got "${text}"` };
    if (FHIR_NO_ZONE.test(text)) return { ok: false, problem: `must carry seconds and a time zone (Z or ±hh:mm); got "${text.slice(0, 40)}"` };
    return { ok: false, problem: `is not a FHIR dateTime; got "${text.slice(0, 40)}"` };
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDay(y, mo, d)) return { ok: false, problem: `is not a calendar date; got "${text.slice(0, 40)}"` };
  if (m[4] === undefined) return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` };
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (!isClockTime(h, mi, s)) return { ok: false, problem: `is not a time of day (leap seconds are not carried); got "${text.slice(0, 40)}"` };
  const zone = m[8] ?? "Z";
  let offset = 0;
  if (zone !== "Z") {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    offset = (zone[0] === "-" ? -1 : 1) * (zh * 60 + zm);
    if (zm > 59 || Math.abs(offset) > 14 * 60) return { ok: false, problem: `has a time zone beyond ±14:00; got "${zone}"` };
  }
  const value = beijingText(epochMs(y, mo, d, h, mi, s, offset));
  return value === undefined ? { ok: false, problem: `falls outside years 0001–9999 in Beijing time; got "${text.slice(0, 40)}"` } : { ok: true, value };
}

/** National text as a FHIR dateTime: "2026-03-01 09:30:00" → "2026-03-01T09:30:00+08:00"; a date stays a date. */
export function nationalToFhirTime(text: string): TimeParse {
  const m = NATIONAL.exec(text);
  if (m === null || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return { ok: false, problem: `is not a national time (yyyy-MM-dd HH:mm:ss) or date of a real day; got "${text.slice(0, 40)}"` };
  }
  if (m[4] === undefined) return { ok: true, value: text };
  if (!isClockTime(Number(m[4]), Number(m[5]), Number(m[6]))) return { ok: false, problem: `is not a time of day; got "${text.slice(0, 40)}"` };
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00` };
}

/** A verdict's "yyyy-MM-dd HH:mm:ss[.SSS]" UTC as national Beijing time (seconds), or "" when it is not one. */
export function utcToNationalTime(text: string): string {
  const m = UTC_VERDICT.exec(text);
  if (m === null) return "";
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!isCalendarDay(y, mo, d) || !isClockTime(h, mi, s)) return "";
  return beijingText(epochMs(y, mo, d, h, mi, s, 0)) ?? "";
}
