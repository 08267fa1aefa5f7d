/**
 * The value types of spec §2 both ways: a JSON value read into a canonical value, and a canonical
 * value written as JSON. Decimals go from their source text to scaled bigint and back through
 * decimal text only; no amount ever passes through a float.
 */
import { isLosslessNumber, LosslessNumber } from "lossless-json";
import { formatScaledDecimal, parseScaledDecimal, Scale } from "@tongxing/domain";
import { integerDigitLimit, tooLargeDescription } from "../claim-validation.js";
import { fhirToNationalTime, nationalToFhirTime } from "./fhir-time.js";
import { isJsonObject, jsonKind, ownValue } from "./json-value.js";
import type { ValueType } from "./mapping-types.js";

/** What reading needs besides the value. */
export interface ValueContext {
  /** Longest string accepted, in UTF-16 units. */
  readonly maxTextLength: number;
  /** The only currency of Money. */
  readonly currency: string;
}

/** A problem at the value's path plus `suffix` ("" or ".value", ".currency"). */
export interface ValueProblem {
  readonly suffix: string;
  readonly description: string;
}

/** A canonical value, or why the JSON value is not one. */
export type ValueRead = { readonly ok: true; readonly value: string | bigint | number } | { readonly ok: false; readonly problems: readonly ValueProblem[] };

/** A JSON value, or why the canonical value cannot be written. */
export type ValueWrite = { readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly problem: string };

const FHIR_CODE = /^[^\s]+( [^\s]+)*$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const INTEGER = /^-?\d{1,10}$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

const fail = (description: string, suffix = ""): ValueRead => ({ ok: false, problems: [{ suffix, description }] });

/** Reads `raw` (present, not an empty string) as `type`; `scale` for MONEY and DECIMAL. */
export function readValue(type: ValueType, raw: unknown, scale: number, ctx: ValueContext): ValueRead {
  switch (type) {
    case "string":
    case "code":
    case "dateTime": {
      if (typeof raw !== "string") return fail(`must be a string; got ${jsonKind(raw)}`);
      if (raw.length > ctx.maxTextLength) return fail(`is longer than ${ctx.maxTextLength} characters`);
      if (LONE_SURROGATE.test(raw)) return fail("contains an unpaired surrogate (not a Unicode character)");
      if (type === "code" && !FHIR_CODE.test(raw)) return fail(`must be a FHIR code (no leading, trailing or repeated white space); got ${JSON.stringify(raw.slice(0, 30))}`);
      if (type !== "dateTime") return { ok: true, value: raw };
      const time = fhirToNationalTime(raw);
      return time.ok ? { ok: true, value: time.value } : fail(time.problem);
    }
    case "decimal":
      return readDecimal(raw, scale, "");
    case "money":
      return readMoney(raw, scale, ctx);
    case "integer": {
      if (!isLosslessNumber(raw)) return fail(`must be a JSON number (FHIR integer); got ${jsonKind(raw)}`);
      const n = INTEGER.test(raw.value) ? Number(raw.value) : NaN;
      if (!Number.isSafeInteger(n) || n < INT32_MIN || n > INT32_MAX) return fail(`must be a 32-bit integer; got ${raw.value.slice(0, 30)}`);
      return { ok: true, value: n === 0 ? 0 : n };
    }
    default: {
      const never: never = type;
      throw new Error(`unknown value type ${String(never)}`);
    }
  }
}

/** A FHIR positiveInt (list sequence numbers): whether `raw` is one. */
export function isPositiveInt(raw: unknown): boolean {
  return isLosslessNumber(raw) && /^[1-9]\d{0,9}$/.test(raw.value) && Number(raw.value) <= INT32_MAX;
}

function readDecimal(raw: unknown, scale: number, suffix: string): ValueRead {
  if (!isLosslessNumber(raw)) return fail(`must be a JSON number (FHIR decimal); got ${jsonKind(raw)}`, suffix);
  const text = raw.value;
  if (/[eE]/.test(text)) return fail(`must be written without an exponent; got ${text.slice(0, 30)}`, suffix);
  const parsed = parseScaledDecimal(text, scale);
  if (!parsed.ok) {
    if (parsed.problem === "too-many-decimals") return fail(`must have at most ${scale} decimal places; got ${text.slice(0, 30)}`, suffix);
    return fail(parsed.problem === "too-large" ? tooLargeDescription(scale) : `is not a decimal number; got ${text.slice(0, 30)}`, suffix);
  }
  const bound = 10n ** BigInt(integerDigitLimit(scale) + scale);
  if (parsed.value >= bound || parsed.value <= -bound) return fail(tooLargeDescription(scale), suffix);
  return { ok: true, value: parsed.value };
}

function readMoney(raw: unknown, scale: number, ctx: ValueContext): ValueRead {
  if (!isJsonObject(raw)) return fail(`must be a Money object {"value", "currency"}; got ${jsonKind(raw)}`);
  const problems: ValueProblem[] = [];
  const currency = ownValue(raw, "currency");
  if (currency === undefined) problems.push({ suffix: ".currency", description: `is required (${ctx.currency})` });
  else if (currency !== ctx.currency) {
    const got = typeof currency === "string" ? JSON.stringify(currency.slice(0, 10)) : jsonKind(currency);
    problems.push({ suffix: ".currency", description: `must be ${ctx.currency}; got ${got}` });
  }
  const value = ownValue(raw, "value");
  let amount: ValueRead = { ok: true, value: 0n };
  if (value === undefined) problems.push({ suffix: ".value", description: "is required" });
  else amount = readDecimal(value, scale, ".value");
  if (!amount.ok) problems.push(...amount.problems);
  return problems.length > 0 ? { ok: false, problems } : amount;
}

/** Whether a canonical value is its type's default ("" or zero), i.e. left out unless required. */
export function isDefaultValue(value: unknown): boolean {
  return value === undefined || value === "" || value === 0n || value === 0;
}

/** Writes a canonical value as `type`; `scale` for MONEY and DECIMAL. */
export function writeValue(type: ValueType, value: unknown, scale: number, currency: string): ValueWrite {
  switch (type) {
    case "string":
    case "code":
    case "dateTime": {
      if (typeof value !== "string") return { ok: false, problem: `must be a string; got ${typeof value}` };
      if (LONE_SURROGATE.test(value)) return { ok: false, problem: "contains an unpaired surrogate, which JSON text cannot carry" };
      if (type === "code" && !FHIR_CODE.test(value)) return { ok: false, problem: `cannot be a FHIR code (no leading, trailing or repeated white space): ${JSON.stringify(value.slice(0, 30))}` };
      if (type !== "dateTime") return { ok: true, json: value };
      const time = nationalToFhirTime(value);
      return time.ok ? { ok: true, json: time.value } : { ok: false, problem: time.problem };
    }
    case "decimal":
    case "money": {
      if (typeof value !== "bigint") return { ok: false, problem: `must be a bigint; got ${typeof value}` };
      const number = new LosslessNumber(formatScaledDecimal(value, scale));
      return { ok: true, json: type === "decimal" ? number : { value: number, currency } };
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return { ok: false, problem: `must be an integer; got ${String(value)}` };
      return { ok: true, json: new LosslessNumber(String(value)) };
    }
    default: {
      const never: never = type;
      throw new Error(`unknown value type ${String(never)}`);
    }
  }
}

/** The scale of a MONEY or DECIMAL rule: its own, else fen. */
export function scaleOf(rule: { readonly scale?: number }): number {
  return rule.scale ?? Scale.FEN;
}
