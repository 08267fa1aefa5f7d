/**
 * Final result → one response record (spec §6). Text never stops a response: what GBK or the
 * width cannot hold is substituted and listed in `warn_msg` (§6.3); only an amount beyond its
 * width is refused.
 */
import type { Claim, SettlementResult } from "@tongxing/proto";
import { readCanonical, readCanonicalPresent } from "./canonical-path.js";
import { compileMapping, recordOf, type CompiledField } from "./compiled-mapping.js";
import type { JinbaoMapping } from "./mapping-types.js";
import { encodeRecord, type FieldWarning } from "./record-encoder.js";
import { replyForResult, type ResultReply } from "./result-reply.js";
import { createViolationList } from "./violation-list.js";

/** Joins the `<field>:<WHY>` warnings in `warn_msg`. */
const WARNING_SEPARATOR = ";";

function valueOf(field: CompiledField, claim: Claim, reply: ResultReply, warnMsg: string): string | bigint | undefined {
  const role = field.spec.role;
  if (role?.kind === "reply") return role.item === "warn_msg" ? warnMsg : reply.items[role.item];
  if (field.path === undefined) return "";
  const root = field.path.root === "adjudication" ? reply.adjudication : claim;
  // An amount the adjudication does not state is written blank (absent is not zero).
  return field.spec.blankAbsent === true ? readCanonicalPresent(root, field.path) : readCanonical(root, field.path);
}

function nameOf(field: CompiledField): string {
  if (field.path === undefined) return field.spec.name;
  return field.path.root === "adjudication" ? `adjudication.${field.path.display}` : field.path.display;
}

/** Renders `result` for the treatment system that sent `claim`: one R record and CR LF, GBK. */
export function encodeLegacyResult(result: SettlementResult, claim: Claim, mapping: JinbaoMapping): Uint8Array {
  const m = compileMapping(mapping);
  const src = m.source;
  const layout = recordOf(m, src.responseTag);
  const reply = replyForResult(result, claim, src);
  const violations = createViolationList(src.maxViolations);
  const write = (warnMsg: string) =>
    encodeRecord(layout, {
      mode: "lenient",
      encoding: src.encoding,
      valueOf: (field) => valueOf(field, claim, reply, warnMsg),
      onProblem: (field, problem) => violations.add(nameOf(field), problem),
    });
  const first = write("");
  violations.throwIfAny();
  const warnings = first.warnings.map((w: FieldWarning) => `${w.field}:${w.why}`).join(WARNING_SEPARATOR);
  const bytes = warnings === "" ? first.bytes : write(warnings).bytes;
  return Buffer.concat([bytes, Buffer.from(src.lineEnd, "latin1")]);
}
