/**
 * Reads one fixed-width field by its type (spec §3): exactly its bytes, nothing trimmed but the
 * right-hand space padding of text and codes.
 */
import { parseScaledDecimal } from "@tongxing/domain";
import { wireDateToCanonical } from "./calendar-date.js";
import type { CompiledField } from "./compiled-mapping.js";
import { decodeCharset } from "./legacy-charset.js";
import { IMPLIED_DECIMALS, type NumericFieldType } from "./mapping-types.js";

/** A field's canonical value, or why it has none. */
export type FieldRead = { readonly ok: true; readonly value: string | bigint | undefined } | { readonly ok: false; readonly problem: string };

const SPACE = 0x20;
const SIGNED_DIGITS = /^-?\d+$/;
const VISIBLE_ASCII = /^[!-~]*$/;
const TRAILING_SPACES = / +$/;
const BLANK = /^ *$/;
const MAX_SHOWN_BYTES = 40;

const bad = (problem: string): FieldRead => ({ ok: false, problem });
const good = (value: string | bigint | undefined): FieldRead => ({ ok: true, value });

/** The bytes as printable text for a message: ASCII as is, anything else as \xNN, at most 40 bytes. */
export function showBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes.subarray(0, MAX_SHOWN_BYTES)) out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  return `"${out}${bytes.length > MAX_SHOWN_BYTES ? "…" : ""}"`;
}

/** Bytes as Latin-1 text (one character per byte), without copying them. */
export function latin1Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function readText(field: CompiledField, bytes: Uint8Array, encoding: string): FieldRead {
  const control = bytes.find((b) => b < SPACE || b === 0x7f);
  if (control !== undefined) return bad(`holds the control byte 0x${control.toString(16).padStart(2, "0")}`);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === SPACE) end--;
  const text = decodeCharset(bytes.subarray(0, end), encoding);
  if (text === undefined) return bad(`is not valid ${encoding.toUpperCase()}: a double-byte character cut by the field boundary, or an undefined byte`);
  if (text === "" && field.spec.required === true) return bad("is required");
  return good(text);
}

function readCode(field: CompiledField, bytes: Uint8Array, wire: string): FieldRead {
  const code = wire.replace(TRAILING_SPACES, "");
  if (!VISIBLE_ASCII.test(code)) return bad(`must be visible ASCII, left-aligned and padded with spaces: got ${showBytes(bytes)}`);
  if (code === "") return field.spec.required === true ? bad("is required") : good("");
  if (field.pattern !== undefined && !field.pattern.test(code)) return bad(`must match ${field.spec.pattern ?? ""}: got "${code}"`);
  if (field.table === undefined) return good(code);
  const national = field.table.toNational.get(code);
  if (national === undefined) return bad(`"${code}" is not a local ${field.table.name} code (${[...field.table.toNational.keys()].join(", ")})`);
  return good(national);
}

function readDate(field: CompiledField, bytes: Uint8Array, wire: string): FieldRead {
  if (BLANK.test(wire)) return field.spec.required === true ? bad("is required") : good("");
  const time = wireDateToCanonical(wire);
  return time === undefined ? bad(`must be a calendar date yyyyMMdd, or blank: got ${showBytes(bytes)}`) : good(time);
}

function readNumber(type: NumericFieldType, bytes: Uint8Array, wire: string): FieldRead {
  const wanted = `must be ${bytes.length} digits with ${IMPLIED_DECIMALS[type]} implied decimals, '-' first when negative`;
  if (!SIGNED_DIGITS.test(wire)) return bad(`${wanted}: got ${showBytes(bytes)}`);
  // The wire integer is the canonical scaled value: read it at scale 0.
  const parsed = parseScaledDecimal(wire, 0);
  return parsed.ok ? good(parsed.value) : bad(`${wanted}: ${parsed.problem}`);
}

/**
 * Reads `bytes` (exactly the field's width) as `field`'s type. `wire` is the same bytes as Latin-1
 * text, when the caller already has it (a record is converted once, its fields sliced).
 */
export function decodeField(field: CompiledField, bytes: Uint8Array, encoding: string, wire: string = latin1Of(bytes)): FieldRead {
  const type = field.spec.type;
  switch (type) {
    case "text":
      return readText(field, bytes, encoding);
    case "code":
      return readCode(field, bytes, wire);
    case "date":
      return readDate(field, bytes, wire);
    case "amount":
    case "cnt":
    case "pric":
      // A blank split part was not sent: absent, never 0.
      if (field.spec.blankAbsent === true && BLANK.test(wire)) return good(undefined);
      return readNumber(type, bytes, wire);
    default: {
      const never: never = type;
      return bad(`has an unknown type ${String(never)}`);
    }
  }
}
