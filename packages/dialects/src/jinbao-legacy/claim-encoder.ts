/**
 * Canonical claim → settle file (spec §4.6), the exact inverse of the claim decoder for every
 * representable claim. What the format cannot carry is refused with InvalidInputError naming the
 * canonical field (`person.psn_name`, `fee_lines[2].cnt_e4`).
 */
import { InvalidInputError } from "@tongxing/domain";
import { ClaimKind, type Claim, type FeeLine } from "@tongxing/proto";
import { readCanonical, readCanonicalPresent } from "./canonical-path.js";
import { compileMapping, recordOf, type CompiledField, type CompiledMapping, type CompiledRecord } from "./compiled-mapping.js";
import type { JinbaoMapping } from "./mapping-types.js";
import { encodeRecord } from "./record-encoder.js";
import { createViolationList, type ViolationList } from "./violation-list.js";

/** What the values of one record come from. */
interface RecordSource {
  readonly claim: Claim;
  /** The fee line of a fee-line record and its index. */
  readonly line?: { readonly value: FeeLine; readonly index: number };
  readonly recordCount: number;
}

function valueOf(field: CompiledField, source: RecordSource): string | bigint | undefined {
  const role = field.spec.role;
  if (role?.kind === "record-count") return String(source.recordCount).padStart(field.spec.width, "0");
  if (role?.kind === "sum" && field.sumOf !== undefined) {
    const sumOf = field.sumOf;
    return source.claim.feeLines.reduce((s, line) => s + BigInt(readCanonical(line, sumOf)), 0n);
  }
  if (role?.kind === "reply" || field.path === undefined) return "";
  const root = field.path.root === "fee_line" ? source.line?.value : field.path.root === "claim" ? source.claim : undefined;
  if (field.spec.blankAbsent === true) return root === undefined ? undefined : readCanonicalPresent(root, field.path);
  return root === undefined ? (field.path.leafKind === "bigint" ? 0n : "") : readCanonical(root, field.path);
}

/** The canonical name of a field in violations. */
function canonicalName(field: CompiledField, source: RecordSource): string {
  const role = field.spec.role;
  if (role?.kind === "record-count" || role?.kind === "sum") return "fee_lines";
  if (field.path === undefined) return field.spec.name;
  return field.path.root === "fee_line" ? `fee_lines[${source.line?.index ?? 0}].${field.path.display}` : field.path.display;
}

function writeRecord(layout: CompiledRecord, source: RecordSource, m: CompiledMapping, violations: ViolationList): Uint8Array {
  const written = encodeRecord(layout, {
    mode: "strict",
    encoding: m.source.encoding,
    valueOf: (field) => valueOf(field, source),
    onProblem: (field, problem) => violations.add(canonicalName(field, source), problem),
  });
  return written.bytes;
}

function checkKind(claim: Claim, src: JinbaoMapping, violations: ViolationList): void {
  const kind = Object.hasOwn(src.kindByInfno, claim.infno) ? src.kindByInfno[claim.infno] : undefined;
  if (kind !== undefined && kind !== claim.kind) {
    violations.add("kind", `${ClaimKind[claim.kind] ?? claim.kind} does not go with infno ${claim.infno} (${ClaimKind[kind] ?? kind})`);
  }
}

/** Renders `claim` as a settle file (GBK bytes, CR LF after every record). */
export function encodeLegacyClaim(claim: Claim, mapping: JinbaoMapping): Uint8Array {
  const m = compileMapping(mapping);
  const src = m.source;
  const violations = createViolationList(src.maxViolations);
  checkKind(claim, src, violations);
  const lineSlot = src.claimFile.find((s) => s.target === "fee_line");
  const lineCount = claim.feeLines.length;
  const maxLines = lineSlot?.max ?? 0;
  if (lineCount > maxLines) throw InvalidInputError.of("fee_lines", `has ${lineCount.toLocaleString("en-US")} lines, a settle file at most ${maxLines.toLocaleString("en-US")}`);
  const recordCount = src.claimFile.reduce((n, slot) => n + (slot.target === "fee_line" ? lineCount : 1), 0);
  const lineEnd = Buffer.from(src.lineEnd, "latin1");
  const parts: Uint8Array[] = [];
  for (const slot of src.claimFile) {
    const layout = recordOf(m, slot.tag);
    if (slot.target === "fee_line") {
      claim.feeLines.forEach((value, index) => parts.push(writeRecord(layout, { claim, line: { value, index }, recordCount }, m, violations), lineEnd));
    } else {
      parts.push(writeRecord(layout, { claim, recordCount }, m, violations), lineEnd);
    }
  }
  violations.throwIfAny();
  return Buffer.concat(parts);
}
