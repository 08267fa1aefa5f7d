/**
 * Reads one record against its layout: the line end, the exact length, then every field on its
 * own bytes. Violations go to `record[N]` or `record[N].<field>`.
 */
import type { CompiledRecord } from "./compiled-mapping.js";
import { decodeField, latin1Of } from "./field-decoder.js";
import type { RawRecord } from "./record-lines.js";
import type { ViolationList } from "./violation-list.js";

/** What one record holds. */
export interface DecodedRecord {
  /** Values of the fields that read well (the tag excluded), by field name. */
  readonly values: ReadonlyMap<string, string | bigint>;
  /** Names of the fields that did not read well; every field when the record length is wrong. */
  readonly failed: ReadonlySet<string>;
}

/** The path of record `n` (1-based) in violations. */
export function recordPath(n: number): string {
  return `record[${n}]`;
}

/** Reads `raw`, the `n`-th record (1-based), as `layout`; its tag is already known to match. */
export function decodeRecord(layout: CompiledRecord, raw: RawRecord, n: number, encoding: string, violations: ViolationList): DecodedRecord {
  const values = new Map<string, string | bigint>();
  const failed = new Set<string>();
  if (!raw.terminated) violations.add(recordPath(n), "is not ended by CR LF: the file is cut short");
  const length = raw.bytes.length;
  if (length !== layout.width) {
    const what = length < layout.width ? "truncated" : "too long";
    violations.add(recordPath(n), `${what}: ${length} bytes, record type ${layout.tag} (${layout.label}) has ${layout.width}`);
    for (const field of layout.fields) failed.add(field.spec.name);
    return { values, failed };
  }
  const wire = latin1Of(raw.bytes);
  for (const field of layout.fields) {
    if (field.spec.role?.kind === "tag") continue;
    const end = field.offset + field.spec.width;
    const read = decodeField(field, raw.bytes.subarray(field.offset, end), encoding, wire.slice(field.offset, end));
    if (read.ok) {
      // undefined: a blank `blankAbsent` field, not sent; the canonical field stays absent.
      if (read.value !== undefined) values.set(field.spec.name, read.value);
    } else {
      failed.add(field.spec.name);
      violations.add(`${recordPath(n)}.${field.spec.name}`, read.problem);
    }
  }
  return { values, failed };
}
