/**
 * An insured 金保 system's adjudication reply (one R record, spec §7) → canonical adjudication,
 * checked against the claim it answers.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicatedFeeLineSchema, AdjudicationSchema, type AdjudicatedFeeLine, type Adjudication, type Claim } from "@tongxing/proto";
import { readCanonical, writeCanonical } from "./canonical-path.js";
import { compileMapping, recordOf, type CompiledField, type CompiledMapping } from "./compiled-mapping.js";
import { guardDecode } from "../decode-guard.js";
import { echoProblem } from "./echo-check.js";
import { showBytes } from "./field-decoder.js";
import type { JinbaoMapping } from "./mapping-types.js";
import { decodeRecord, recordPath } from "./record-decoder.js";
import { countRecords, recordTag, splitRecords, type RawRecord } from "./record-lines.js";
import { createViolationList, type ViolationList } from "./violation-list.js";

const REPLY_N = 1;
/** Per-line result records an adjudication reply may carry after its response record (one per fee line). */
const MAX_LINE_RESULTS = 5_000;

/** The value of the field holding reply item `item`, when it read well. */
function itemValue(fields: readonly CompiledField[], values: ReadonlyMap<string, string | bigint>, item: string): string {
  const field = fields.find((f) => f.spec.role?.kind === "reply" && f.spec.role.item === item);
  return String(field === undefined ? "" : (values.get(field.spec.name) ?? ""));
}

function checkReplyItem(field: CompiledField, value: string | bigint, claim: Claim, fields: readonly CompiledField[], values: ReadonlyMap<string, string | bigint>, src: JinbaoMapping, violations: ViolationList): void {
  const role = field.spec.role;
  if (role?.kind !== "reply") return;
  const at = `${recordPath(REPLY_N)}.${field.spec.name}`;
  const settled = src.replies.settled;
  if (role.item === "ref_msgid" && value !== claim.msgid) {
    violations.add(at, `is "${String(value)}", the claim's msgid is "${claim.msgid}"`);
  } else if (role.item === "ret_code" && value !== settled.retCode) {
    const message = itemValue(fields, values, "ret_msg");
    violations.add(at, `is ${String(value)}, not ${settled.retCode}: the insured system did not settle (${message.slice(0, 100)})`);
  } else if (role.item === "setl_stas" && value !== settled.status) {
    violations.add(at, `says ${String(value)}: an adjudication reply is ${settled.status}`);
  }
}

function decode(payload: Uint8Array, claim: Claim, m: CompiledMapping): Adjudication {
  const src = m.source;
  const layout = recordOf(m, src.responseTag);
  if (payload.length === 0) throw InvalidInputError.of("payload", "is empty");
  if (payload.length > src.maxPayloadBytes) throw InvalidInputError.of("payload", `is ${payload.length} bytes, more than ${src.maxPayloadBytes}`);
  const lines = countRecords(payload);
  if (lines < 1 || lines > 1 + MAX_LINE_RESULTS) {
    throw InvalidInputError.of("payload", `has ${lines} records, an adjudication reply is one ${layout.tag} record and at most ${MAX_LINE_RESULTS} ${src.lineResultTag} records`);
  }
  const [raw, ...lineRecords] = splitRecords(payload);
  if (raw === undefined) throw InvalidInputError.of("payload", "is empty");
  const tag = recordTag(raw, layout.tag.length);
  if (tag !== layout.tag) throw InvalidInputError.of(recordPath(REPLY_N), `is a record of type ${showBytes(raw.bytes.subarray(0, layout.tag.length))}, not ${layout.tag} (${layout.label})`);
  const violations = createViolationList(src.maxViolations);
  const decoded = decodeRecord(layout, raw, REPLY_N, src.encoding, violations);
  const adjudication = create(AdjudicationSchema, { claimId: claim.claimId });
  for (const field of layout.fields) {
    const value = decoded.values.get(field.spec.name);
    if (value === undefined) continue;
    const role = field.spec.role;
    if (role?.kind === "echo" && field.path !== undefined) {
      const problem = echoProblem(field, value, readCanonical(claim, field.path), `the claim's ${field.path.display}`);
      if (problem !== undefined) violations.add(`${recordPath(REPLY_N)}.${field.spec.name}`, problem);
    } else if (role?.kind === "reply") {
      checkReplyItem(field, value, claim, layout.fields, decoded.values, src, violations);
    } else if (role === undefined && field.path?.root === "adjudication") {
      writeCanonical(adjudication, field.path, value);
    }
  }
  adjudication.feeLines = decodeLineResults(lineRecords, m, violations);
  for (const name of src.adjudicationRequired) {
    const value = decoded.values.get(name);
    // Blank: "" for a code, undefined for an amount (a blank amount was not sent; absent is not zero).
    if (value === "" || (value === undefined && layout.fields.some((f) => f.spec.name === name && f.spec.blankAbsent === true))) violations.add(`${recordPath(REPLY_N)}.${name}`, "is required in an adjudication reply");
  }
  violations.throwIfAny();
  return adjudication;
}

/** The per-line result records after the response record (spec §7.1), each an `L` record. */
function decodeLineResults(records: readonly RawRecord[], m: CompiledMapping, violations: ViolationList): AdjudicatedFeeLine[] {
  const layout = recordOf(m, m.source.lineResultTag);
  return records.map((raw, i) => {
    const n = REPLY_N + 1 + i;
    const result = create(AdjudicatedFeeLineSchema);
    const tag = recordTag(raw, layout.tag.length);
    if (tag !== layout.tag) {
      violations.add(recordPath(n), `is a record of type ${showBytes(raw.bytes.subarray(0, layout.tag.length))}, not ${layout.tag} (${layout.label})`);
      return result;
    }
    const decoded = decodeRecord(layout, raw, n, m.source.encoding, violations);
    for (const field of layout.fields) {
      const value = decoded.values.get(field.spec.name);
      if (value !== undefined && field.path?.root === "line_result") writeCanonical(result, field.path, value);
    }
    return result;
  });
}

/** Decodes the reply to `claim`; throws InvalidInputError naming every offending field, and nothing else. */
export function decodeLegacyAdjudication(payload: Uint8Array, claim: Claim, mapping: JinbaoMapping): Adjudication {
  return guardDecode(() => decode(payload, claim, compileMapping(mapping)));
}
