/**
 * Settle file → canonical claim (spec §4), driven by the mapping: limits, record order, every
 * record and field, then the control fields (record count, sums, repeated totals).
 */
import { create } from "@bufbuild/protobuf";
import { formatFenAsYuan, InvalidInputError } from "@tongxing/domain";
import { ClaimSchema, ClaimTotalsSchema, EncounterSchema, FeeLineSchema, PersonSchema, type Claim } from "@tongxing/proto";
import type { DecodedClaim } from "../dialect.js";
import { readCanonical, writeCanonical, type CanonicalRoot } from "./canonical-path.js";
import { compileMapping, recordOf, type CompiledMapping, type CompiledRecord } from "./compiled-mapping.js";
import { guardDecode } from "../decode-guard.js";
import { echoProblem } from "./echo-check.js";
import { showBytes } from "./field-decoder.js";
import type { JinbaoMapping } from "./mapping-types.js";
import { decodeRecord, recordPath, type DecodedRecord } from "./record-decoder.js";
import { countRecords, recordTag, splitRecords, type RawRecord } from "./record-lines.js";
import { createViolationList, type ViolationList } from "./violation-list.js";

/** A record read in its place, kept for the control checks. */
interface PlacedRecord {
  readonly n: number;
  readonly layout: CompiledRecord;
  readonly decoded: DecodedRecord;
}

/** Beyond this many lines a payload is refused before it is split (a settle file has at most the slots' sum). */
const LINE_SCAN_FACTOR = 4;

function checkLimits(payload: Uint8Array, m: CompiledMapping): RawRecord[] {
  const src = m.source;
  if (payload.length === 0) throw InvalidInputError.of("payload", "is empty");
  if (payload.length > src.maxPayloadBytes) throw InvalidInputError.of("payload", `is ${payload.length} bytes, more than ${src.maxPayloadBytes}`);
  const maxRecords = src.claimFile.reduce((sum, slot) => sum + slot.max, 0);
  const lines = countRecords(payload);
  if (lines > maxRecords * LINE_SCAN_FACTOR) throw InvalidInputError.of("payload", `has ${lines} records, a settle file at most ${maxRecords}`);
  const records = splitRecords(payload);
  const tagWidth = src.claimFile[0]?.tag.length ?? 1;
  for (const slot of src.claimFile) {
    if (slot.max <= 1) continue;
    const count = records.filter((r) => recordTag(r, tagWidth) === slot.tag).length;
    if (count > slot.max) throw InvalidInputError.of("payload", `more than ${slot.max.toLocaleString("en-US")} ${recordOf(m, slot.tag).label} records (${count.toLocaleString("en-US")})`);
  }
  if (records.length > maxRecords) throw InvalidInputError.of("payload", `has ${records.length} records, a settle file at most ${maxRecords}`);
  return records;
}

/** Copies the carried fields of a record into `target` (a message rooted at `root`); notes the paths that failed. */
function apply(placed: PlacedRecord, root: CanonicalRoot, target: object, failedPaths: Set<string>): void {
  for (const field of placed.layout.fields) {
    if (field.path === undefined || field.spec.role !== undefined || field.path.root !== root) continue;
    const value = placed.decoded.values.get(field.spec.name);
    if (value !== undefined) writeCanonical(target, field.path, value);
    else if (field.spec.path !== undefined) failedPaths.add(field.spec.path);
  }
}

/** The tag of the record that carries `path` itself (not as an echo). */
function carrierOf(m: CompiledMapping, path: string): string {
  for (const record of m.records.values()) {
    if (record.fields.some((f) => f.spec.path === path && f.spec.role === undefined)) return `the ${record.tag} record`;
  }
  return "the claim";
}

function checkControls(m: CompiledMapping, claim: Claim, placed: readonly PlacedRecord[], recordCount: number, failedPaths: ReadonlySet<string>, complete: boolean, violations: ViolationList): void {
  for (const { n, layout, decoded } of placed) {
    for (const field of layout.fields) {
      const value = decoded.values.get(field.spec.name);
      const role = field.spec.role;
      if (value === undefined || role === undefined) continue;
      const at = `${recordPath(n)}.${field.spec.name}`;
      if (role.kind === "record-count" && Number(value) !== recordCount) {
        violations.add(at, `says ${Number(value)} records, the file has ${recordCount}`);
      } else if (role.kind === "sum" && field.sumOf !== undefined && complete && !failedPaths.has(role.of)) {
        const sumOf = field.sumOf;
        const sum = claim.feeLines.reduce((s, line) => s + BigInt(readCanonical(line, sumOf)), 0n);
        if (sum !== value) violations.add(at, `says ${formatFenAsYuan(BigInt(value))} yuan, the fee lines add up to ${formatFenAsYuan(sum)}`);
      } else if (role.kind === "echo" && field.path !== undefined && field.spec.path !== undefined && !failedPaths.has(field.spec.path)) {
        const problem = echoProblem(field, value, readCanonical(claim, field.path), carrierOf(m, field.spec.path));
        if (problem !== undefined) violations.add(at, problem);
      }
    }
  }
}

function decode(payload: Uint8Array, m: CompiledMapping): DecodedClaim {
  const src = m.source;
  const records = checkLimits(payload, m);
  const violations = createViolationList(src.maxViolations);
  const slots = src.claimFile;
  const tagWidth = slots[0]?.tag.length ?? 1;
  const claim = create(ClaimSchema, { dialect: src.dialect, person: create(PersonSchema), encounter: create(EncounterSchema), totals: create(ClaimTotalsSchema) });
  const failedPaths = new Set<string>();
  const placed: PlacedRecord[] = [];
  const counts = slots.map(() => 0);
  let slotIndex = 0;
  let complete = true;
  records.forEach((raw, i) => {
    const n = i + 1;
    const tag = recordTag(raw, tagWidth);
    const j = slots.findIndex((s) => s.tag === tag);
    const current = slots[slotIndex];
    if (j === -1 || current === undefined || j < slotIndex) {
      complete = false;
      const order = slots.map((s) => (s.max > 1 ? `${s.tag}…` : s.tag)).join(", ");
      const why = j === -1 ? `unknown record type ${showBytes(raw.bytes.subarray(0, tagWidth))}` : `record type ${tag} cannot follow ${current?.tag ?? ""}`;
      violations.add(recordPath(n), `${why}: a settle file is ${order}`);
      return;
    }
    for (let k = slotIndex; k < j; k++) {
      const skipped = slots[k];
      if (skipped !== undefined && (counts[k] ?? 0) < skipped.min) violations.add(recordPath(n), `record type ${skipped.tag} (${recordOf(m, skipped.tag).label}) must come before this ${tag} record`);
    }
    slotIndex = j;
    const slot = slots[j];
    counts[j] = (counts[j] ?? 0) + 1;
    if (slot === undefined || (counts[j] ?? 0) > slot.max) {
      complete = false;
      violations.add(recordPath(n), `record type ${tag} repeated: a settle file has one`);
      return;
    }
    const layout = recordOf(m, tag);
    const record: PlacedRecord = { n, layout, decoded: decodeRecord(layout, raw, n, src.encoding, violations) };
    placed.push(record);
    if (slot.target === "claim") apply(record, "claim", claim, failedPaths);
    if (slot.target === "fee_line") {
      const line = create(FeeLineSchema);
      apply(record, "fee_line", line, failedPaths);
      claim.feeLines.push(line);
    }
  });
  slots.forEach((slot, k) => {
    if (k >= slotIndex && (counts[k] ?? 0) < slot.min) violations.add("payload", `has no record of type ${slot.tag} (${recordOf(m, slot.tag).label})`);
  });
  checkControls(m, claim, placed, records.length, failedPaths, complete, violations);
  const kind = Object.hasOwn(src.kindByInfno, claim.infno) ? src.kindByInfno[claim.infno] : undefined;
  if (kind !== undefined) claim.kind = kind;
  else if (claim.infno !== "" && !failedPaths.has("claim.infno")) violations.add("payload", `transaction "${claim.infno}" has no claim kind`);
  violations.throwIfAny();
  return { claim, msgid: claim.msgid };
}

/** Decodes a settle file; throws InvalidInputError naming every offending record and field, and nothing else. */
export function decodeLegacyClaim(payload: Uint8Array, mapping: JinbaoMapping): DecodedClaim {
  return guardDecode(() => decode(payload, compileMapping(mapping)));
}
