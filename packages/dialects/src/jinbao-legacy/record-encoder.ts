/**
 * Writes one record from its layout: the tag, then every field at its width, values supplied by
 * the message encoder. A field that cannot be written is reported and left blank.
 */
import type { CompiledField, CompiledRecord } from "./compiled-mapping.js";
import { encodeField, type OutputMode, type WarningWhy } from "./field-encoder.js";

/** A warning of a lenient write: which field, and why it changed. */
export interface FieldWarning {
  readonly field: string;
  readonly why: WarningWhy;
}

/** How to write a record. */
export interface RecordEncodeOptions {
  readonly mode: OutputMode;
  readonly encoding: string;
  /** The value of every non-tag field. */
  readonly valueOf: (field: CompiledField) => string | bigint | undefined;
  /** Told of each field that cannot be written. */
  readonly onProblem: (field: CompiledField, problem: string) => void;
}

/** A written record (line end not included) and the warnings of a lenient write. */
export interface RecordWrite {
  readonly bytes: Uint8Array;
  readonly warnings: readonly FieldWarning[];
}

/** Writes `layout` as exactly its width in bytes. */
export function encodeRecord(layout: CompiledRecord, options: RecordEncodeOptions): RecordWrite {
  const out = Buffer.alloc(layout.width, 0x20);
  const warnings: FieldWarning[] = [];
  for (const field of layout.fields) {
    if (field.spec.role?.kind === "tag") {
      out.write(layout.tag, field.offset, "latin1");
      continue;
    }
    const written = encodeField(field, options.valueOf(field), options.mode, options.encoding);
    if (!written.ok) {
      options.onProblem(field, written.problem);
      continue;
    }
    out.set(written.bytes, field.offset);
    for (const why of written.warnings) warnings.push({ field: field.spec.name, why });
  }
  return { bytes: out, warnings };
}
