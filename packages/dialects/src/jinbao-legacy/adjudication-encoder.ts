/**
 * Canonical adjudication → the R record an insured 金保 system replies with (spec §7), the exact
 * inverse of the adjudication decoder for every representable adjudication.
 */
import type { Adjudication, Claim } from "@tongxing/proto";
import { readCanonical, readCanonicalPresent } from "./canonical-path.js";
import { compileMapping, recordOf, type CompiledField } from "./compiled-mapping.js";
import type { JinbaoMapping, ReplyItem } from "./mapping-types.js";
import { encodeRecord } from "./record-encoder.js";
import { createViolationList } from "./violation-list.js";

/** Canonical names of the reply items in violations. */
const ITEM_SOURCE: Readonly<Record<ReplyItem, string>> = {
  ref_msgid: "msgid",
  ret_code: "ret_code",
  setl_stas: "setl_stas",
  reason_code: "reason_code",
  ret_msg: "ret_msg",
  warn_msg: "warn_msg",
  resp_date: "adjudication.setl_time",
};

function nameOf(field: CompiledField): string {
  const role = field.spec.role;
  if (role?.kind === "reply") return ITEM_SOURCE[role.item];
  if (field.path === undefined) return field.spec.name;
  return field.path.root === "adjudication" ? `adjudication.${field.path.display}` : field.path.display;
}

/** A required field left unstated: an empty code, or an amount the adjudication does not state. */
const isBlank = (value: string | bigint | undefined): boolean => value === "" || value === undefined;

/** Renders `adjudication` as the insured system's reply to `claim`: one R record and CR LF, GBK. */
export function encodeLegacyAdjudication(adjudication: Adjudication, claim: Claim, mapping: JinbaoMapping): Uint8Array {
  const m = compileMapping(mapping);
  const src = m.source;
  const layout = recordOf(m, src.responseTag);
  const settled = src.replies.settled;
  const items: Readonly<Record<ReplyItem, string>> = {
    ref_msgid: claim.msgid,
    ret_code: settled.retCode,
    setl_stas: settled.status,
    reason_code: "",
    ret_msg: settled.message,
    warn_msg: "",
    resp_date: adjudication.setlTime,
  };
  const violations = createViolationList(src.maxViolations);
  const written = encodeRecord(layout, {
    mode: "strict",
    encoding: src.encoding,
    valueOf: (field) => {
      const role = field.spec.role;
      if (role?.kind === "reply") return items[role.item];
      if (field.path === undefined) return "";
      const root = field.path.root === "adjudication" ? adjudication : claim;
      return field.spec.blankAbsent === true ? readCanonicalPresent(root, field.path) : readCanonical(root, field.path);
    },
    onProblem: (field, problem) => violations.add(nameOf(field), problem),
  });
  for (const field of layout.fields) {
    if (src.adjudicationRequired.includes(field.spec.name) && field.path !== undefined && isBlank(readCanonicalPresent(adjudication, field.path))) {
      violations.add(nameOf(field), "is required in an adjudication reply");
    }
  }
  // Per-line results (spec §7.1): one L record each, after the R record.
  const lineLayout = recordOf(m, src.lineResultTag);
  const lineWrites = adjudication.feeLines.map((line, i) =>
    encodeRecord(lineLayout, {
      mode: "strict",
      encoding: src.encoding,
      valueOf: (field) => (field.path === undefined ? "" : readCanonicalPresent(line, field.path)),
      onProblem: (field, problem) => violations.add(`adjudication.fee_lines[${i}].${field.path?.display ?? field.spec.name}`, problem),
    }),
  );
  violations.throwIfAny();
  const end = Buffer.from(src.lineEnd, "latin1");
  return Buffer.concat([written.bytes, end, ...lineWrites.flatMap((w) => [w.bytes, end])]);
}
