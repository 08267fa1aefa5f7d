import { create } from "@bufbuild/protobuf";
import { SettlementCancelSchema, type SettlementCancel } from "@tongxing/proto";
import type { FieldReader } from "./field-reader.js";

/** Cancel transactions: 2208 outpatient, 2305 inpatient, 2103 pharmacy. */
export const CANCEL_INFNOS = ["2208", "2305", "2103"] as const;

/** Maps a national settle-cancel message onto the canonical cancellation. */
export function readCancelMessage(root: Record<string, unknown>, r: FieldReader): SettlementCancel {
  const infno = r.text(root.infno, "infno", { required: true, oneOf: CANCEL_INFNOS });
  const input = r.object(root.input, "input", true) ?? {};
  const data = r.object(input.data, "input.data", true) ?? {};
  return create(SettlementCancelSchema, {
    infno,
    msgid: r.text(root.msgid, "msgid", { required: true, maxLength: 30, pattern: /^[0-9A-Za-z]+$/, patternHint: "1–30 letters or digits" }),
    setlId: r.text(data.setl_id, "input.data.setl_id", { required: true, maxLength: 64 }),
    mdtrtId: r.text(data.mdtrt_id, "input.data.mdtrt_id", { required: true, maxLength: 30 }),
    psnNo: r.text(data.psn_no, "input.data.psn_no", { required: true, maxLength: 30 }),
    reason: r.text(data.memo ?? data.reason, "input.data.memo", { maxLength: 200 }),
  });
}
