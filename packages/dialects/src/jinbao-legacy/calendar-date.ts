/**
 * The format's dates: wire `yyyyMMdd` ↔ canonical "yyyy-MM-dd HH:mm:ss" (the wire has no time of
 * day: it reads as 00:00:00 and is dropped on writing), and the verdict's UTC time in Beijing time.
 * Pure calendar arithmetic, never the clock.
 */

const WIRE_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const CANONICAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const VERDICT_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date in years 0001–9999. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isClockTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** "20240301" → "2024-03-01 00:00:00"; undefined when not a calendar date. */
export function wireDateToCanonical(wire: string): string | undefined {
  const m = WIRE_DATE.exec(wire);
  if (m === null) return undefined;
  const [, y = "", mo = "", d = ""] = m;
  return isCalendarDate(Number(y), Number(mo), Number(d)) ? `${y}-${mo}-${d} 00:00:00` : undefined;
}

/** "2024-03-01 09:30:00" → "20240301" (time of day dropped); undefined when not a real time in that form. */
export function canonicalToWireDate(time: string): string | undefined {
  const m = CANONICAL_TIME.exec(time);
  if (m === null) return undefined;
  const [, y = "", mo = "", d = "", h = "", mi = "", s = ""] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d)) || !isClockTime(Number(h), Number(mi), Number(s))) return undefined;
  return `${y}${mo}${d}`;
}

/** A verdict's UTC "yyyy-MM-dd HH:mm:ss.SSS" as Beijing (UTC+8) "yyyy-MM-dd HH:mm:ss"; undefined when malformed. */
export function utcToBeijingTime(utc: string): string | undefined {
  const m = VERDICT_TIME.exec(utc);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!isCalendarDate(y, mo, d) || !isClockTime(h, mi, s)) return undefined;
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, 0);
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const year = local.getUTCFullYear();
  if (year > 9999) return undefined;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
}
