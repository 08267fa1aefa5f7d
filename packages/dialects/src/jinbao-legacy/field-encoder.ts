/**
 * Writes one fixed-width field by its type (spec §3.3). Two modes: `strict` (encodeClaim,
 * encodeAdjudication) refuses what the field cannot carry exactly; `lenient` (encodeResult)
 * substitutes and reports a warning (§6.3). Both drop the time of day of a time and the trailing
 * spaces of text, which the format has no room for. Numbers are never substituted.
 */
import { formatScaledDecimal } from "@tongxing/domain";
import { canonicalToWireDate } from "./calendar-date.js";
import type { CompiledField } from "./compiled-mapping.js";
import { cutToBytes, encodeCharset, unencodableChars } from "./legacy-charset.js";
import { IMPLIED_DECIMALS, type NumericFieldType } from "./mapping-types.js";

/** How an encoder treats a value the field cannot carry. */
export type OutputMode = "strict" | "lenient";

/** Why a lenient write changed a value (spec §6.3). */
export type WarningWhy = "REPLACED" | "CUT" | "UNMAPPED" | "UNFIT";

/** A field's bytes (exactly its width) and the warnings of a lenient write, or why it cannot be written. */
export type FieldWrite =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly warnings: readonly WarningWhy[] }
  | { readonly ok: false; readonly problem: string };

const CONTROL = /[\u0000-\u001f\u007f]/u;
const VISIBLE_ASCII = /^[!-~]+$/;
const TRAILING_SPACES = / +$/;

const refuse = (problem: string): FieldWrite => ({ ok: false, problem });

function padded(bytes: Uint8Array, width: number, warnings: readonly WarningWhy[] = []): FieldWrite {
  const out = Buffer.alloc(width, 0x20);
  out.set(bytes);
  return { ok: true, bytes: out, warnings };
}

const blank = (width: number, warnings: readonly WarningWhy[] = []): FieldWrite => padded(new Uint8Array(0), width, warnings);

function writeText(field: CompiledField, value: string, mode: OutputMode, encoding: string): FieldWrite {
  const width = field.spec.width;
  let text = value.replace(TRAILING_SPACES, "");
  const warnings: WarningWhy[] = [];
  const lacking = new Set(unencodableChars(text, encoding));
  if (CONTROL.test(text) || lacking.size > 0) {
    if (mode === "strict") {
      const what = lacking.size > 0 ? `${[...lacking].join("")}, which ${encoding.toUpperCase()} cannot encode` : "a control character";
      return refuse(`holds ${what}`);
    }
    text = [...text].map((c) => (CONTROL.test(c) || lacking.has(c) ? "?" : c)).join("");
    warnings.push("REPLACED");
  }
  if (text === "" && field.spec.required === true && mode === "strict") return refuse("is required");
  let bytes = encodeCharset(text, encoding);
  if (bytes.length > width) {
    if (mode === "strict") return refuse(`is ${bytes.length} ${encoding.toUpperCase()} bytes, the field holds ${width}`);
    bytes = encodeCharset(cutToBytes(text, width, encoding), encoding);
    warnings.push("CUT");
  }
  return padded(bytes, width, warnings);
}

function writeCode(field: CompiledField, value: string, mode: OutputMode): FieldWrite {
  const { width, required } = field.spec;
  if (value === "") return required === true && mode === "strict" ? refuse("is required") : blank(width);
  let code = value;
  if (field.table !== undefined) {
    const local = field.table.toLocal.get(value);
    if (local === undefined) {
      if (mode === "lenient") return blank(width, ["UNMAPPED"]);
      return refuse(`"${value.slice(0, 40)}" has no local ${field.table.name} code (known: ${[...field.table.toLocal.keys()].join(", ")})`);
    }
    code = local;
  }
  const fits = VISIBLE_ASCII.test(code) && code.length <= width && (field.pattern === undefined || field.pattern.test(code));
  if (fits) return padded(Buffer.from(code, "latin1"), width);
  if (mode === "lenient") return blank(width, ["UNFIT"]);
  const pattern = field.spec.pattern === undefined ? "" : ` matching ${field.spec.pattern}`;
  return refuse(`must be visible ASCII without spaces${pattern}, at most ${width} characters: got "${code.slice(0, 40)}"`);
}

function writeDate(field: CompiledField, value: string, mode: OutputMode): FieldWrite {
  const width = field.spec.width;
  if (value === "") return field.spec.required === true && mode === "strict" ? refuse("is required") : blank(width);
  const wire = canonicalToWireDate(value);
  if (wire !== undefined) return padded(Buffer.from(wire, "latin1"), width);
  return mode === "lenient" ? blank(width, ["UNFIT"]) : refuse(`must be a time "yyyy-MM-dd HH:mm:ss", or empty: got "${value.slice(0, 40)}"`);
}

function writeNumber(type: NumericFieldType, width: number, value: bigint): FieldWrite {
  const negative = value < 0n;
  const digits = formatScaledDecimal(negative ? -value : value, 0);
  const text = negative ? `-${digits.padStart(width - 1, "0")}` : digits.padStart(width, "0");
  if (text.length <= width) return padded(Buffer.from(text, "latin1"), width);
  const scale = IMPLIED_DECIMALS[type];
  const max = formatScaledDecimal(10n ** BigInt(width) - 1n, scale);
  const min = formatScaledDecimal(-(10n ** BigInt(width - 1) - 1n), scale);
  return refuse(`${formatScaledDecimal(value, scale)} does not fit ${width} bytes (${min} to ${max})`);
}

/** Writes `value` (a string for text, code and date; a bigint for numbers) as exactly the field's width. */
export function encodeField(field: CompiledField, value: string | bigint | undefined, mode: OutputMode, encoding: string): FieldWrite {
  const type = field.spec.type;
  if (value === undefined) return field.spec.blankAbsent === true ? blank(field.spec.width) : refuse("is required");
  if ((typeof value === "bigint") !== (type === "amount" || type === "cnt" || type === "pric")) return refuse(`is a ${typeof value}, not the value of a ${type} field`);
  switch (type) {
    case "text":
      return writeText(field, String(value), mode, encoding);
    case "code":
      return writeCode(field, String(value), mode);
    case "date":
      return writeDate(field, String(value), mode);
    case "amount":
    case "cnt":
    case "pric":
      return writeNumber(type, field.spec.width, BigInt(value));
    default: {
      const never: never = type;
      return refuse(`has an unknown type ${String(never)}`);
    }
  }
}
