/**
 * One leaf value both ways, by its wire type (spec §2): wire text → canonical value with the
 * reason it is refused, and canonical value → wire text with the reason it cannot be carried.
 * Numbers go through decimal text and bigint only, never a JavaScript number.
 */
import { formatFenAsYuan, formatScaledDecimal, parseScaledDecimal, Scale, type DecimalProblem } from "@tongxing/domain";
import type { FieldType, LeafRule } from "./mapping-types.js";
import { isXmlText } from "./xml-text.js";

/** A canonical leaf value: strings for text, code and time; bigint for scaled numbers; int32 per-mille. */
export type LeafValue = string | bigint | number;

/** A converted value, or why it is refused. */
export type ValueResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Default longest values, in code points. */
export const DEFAULT_MAX_LENGTH = { text: 200, code: 64 } as const;

const SCALE: Readonly<Record<"amount" | "cnt" | "pric" | "permille", number>> = { amount: Scale.FEN, cnt: Scale.CNT, pric: Scale.PRIC, permille: 3 };
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT32_MAX = 2_147_483_647n;
const INT32_MIN = -2_147_483_648n;
const CODE = /^[!-~]+$/;
const WIRE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const CANONICAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The value an absent optional element stands for. */
export function defaultLeafValue(type: FieldType): LeafValue {
  switch (type) {
    case "text":
    case "code":
    case "time":
      return "";
    case "amount":
    case "cnt":
    case "pric":
      return 0n;
    case "permille":
      return 0;
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

/** True for types whose text is taken exactly (no whitespace trimming). */
export function isExactText(type: FieldType): boolean {
  return type === "text";
}

/** Wire text (references decoded, trimmed unless text; never empty) → canonical value. */
export function parseLeafValue(rule: LeafRule, text: string): ValueResult<LeafValue> {
  switch (rule.type) {
    case "text":
    case "code":
      return checkString(rule, text);
    case "time":
      return parseWireTime(text);
    case "amount":
    case "cnt":
    case "pric":
    case "permille": {
      const scale = SCALE[rule.type];
      const parsed = parseScaledDecimal(text, scale);
      if (!parsed.ok) return { ok: false, problem: decimalProblem(parsed.problem, scale, text) };
      return rule.type === "permille" ? toInt32(parsed.value) : toInt64(parsed.value);
    }
    default: {
      const never: never = rule.type;
      return { ok: false, problem: `unknown field type ${String(never)}` };
    }
  }
}

/** Canonical value (non-empty for strings) → wire text, or why it cannot be carried. */
export function formatLeafValue(rule: LeafRule, value: unknown): ValueResult<string> {
  switch (rule.type) {
    case "text":
    case "code":
      return typeof value === "string" ? checkString(rule, value) : notA("a string", value);
    case "time":
      return typeof value === "string" ? formatWireTime(value) : notA("a string", value);
    case "amount":
    case "cnt":
    case "pric": {
      if (typeof value !== "bigint") return notA("a bigint", value);
      const ranged = toInt64(value);
      if (!ranged.ok) return ranged;
      return { ok: true, value: rule.type === "amount" ? formatFenAsYuan(value) : formatScaledDecimal(value, SCALE[rule.type]) };
    }
    case "permille": {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return notA("an integer", value);
      const ranged = toInt32(BigInt(value));
      return ranged.ok ? { ok: true, value: formatScaledDecimal(BigInt(value), SCALE.permille) } : ranged;
    }
    default: {
      const never: never = rule.type;
      return { ok: false, problem: `unknown field type ${String(never)}` };
    }
  }
}

/** Text and code checks shared by both directions: characters, length, pattern. */
function checkString(rule: LeafRule, text: string): ValueResult<string> {
  const max = rule.maxLength ?? (rule.type === "code" ? DEFAULT_MAX_LENGTH.code : DEFAULT_MAX_LENGTH.text);
  if (rule.type === "code" && !CODE.test(text)) return { ok: false, problem: `not a code (visible ASCII, no spaces): ${quote(text)}` };
  if (!isXmlText(text)) return { ok: false, problem: "contains a character XML 1.0 cannot carry" };
  if (codePointLength(text, max) > max) return { ok: false, problem: `longer than ${max} characters` };
  if (rule.pattern !== undefined && !rule.pattern.test(text)) return { ok: false, problem: `does not match ${String(rule.pattern)}: ${quote(text)}` };
  return { ok: true, value: text };
}

/** Code points in `text`, counting no further than just past `max`. */
function codePointLength(text: string, max: number): number {
  if (text.length <= max) return text.length;
  if (text.length > 2 * max) return max + 1;
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function parseWireTime(text: string): ValueResult<string> {
  const m = WIRE_TIME.exec(text);
  if (m === null) return { ok: false, problem: `not a time yyyyMMddHHmmss: ${quote(text)}` };
  const [, y = "", mo = "", d = "", h = "", mi = "", s = ""] = m;
  if (!isCalendarTime(y, mo, d, h, mi, s)) return { ok: false, problem: `not a real calendar time: ${quote(text)}` };
  return { ok: true, value: `${y}-${mo}-${d} ${h}:${mi}:${s}` };
}

function formatWireTime(text: string): ValueResult<string> {
  const m = CANONICAL_TIME.exec(text);
  if (m === null) return { ok: false, problem: `not a time "yyyy-MM-dd HH:mm:ss": ${quote(text)}` };
  const [, y = "", mo = "", d = "", h = "", mi = "", s = ""] = m;
  if (!isCalendarTime(y, mo, d, h, mi, s)) return { ok: false, problem: `not a real calendar time: ${quote(text)}` };
  return { ok: true, value: `${y}${mo}${d}${h}${mi}${s}` };
}

/** Year 0001–9999, a real day of the month (Gregorian leap years), 00:00:00–23:59:59. */
function isCalendarTime(y: string, mo: string, d: string, h: string, mi: string, s: string): boolean {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59;
}

function toInt64(value: bigint): ValueResult<bigint> {
  return value > INT64_MAX || value < INT64_MIN ? { ok: false, problem: "out of the int64 range" } : { ok: true, value };
}

function toInt32(value: bigint): ValueResult<number> {
  return value > INT32_MAX || value < INT32_MIN ? { ok: false, problem: "out of the int32 range" } : { ok: true, value: Number(value) };
}

function decimalProblem(problem: DecimalProblem, scale: number, text: string): string {
  switch (problem) {
    case "not-a-decimal":
      return `not a decimal number: ${quote(text)}`;
    case "too-many-decimals":
      return `more than ${scale} decimals: ${quote(text)}`;
    case "too-large":
      return `too large: ${quote(text)}`;
    default: {
      const never: never = problem;
      return String(never);
    }
  }
}

function notA(what: string, value: unknown): ValueResult<never> {
  return { ok: false, problem: `is ${typeof value}, not ${what}` };
}

/** A short, escaped rendering of offending text for a violation description. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
