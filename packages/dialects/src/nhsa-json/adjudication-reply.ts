import { create } from "@bufbuild/protobuf";
import { REQUIRED_ADJUDICATION_AMOUNTS, Scale } from "@tongxing/domain";
import { AdjudicationSchema, type Adjudication, type Claim } from "@tongxing/proto";
import type { FieldReader } from "./field-reader.js";
import { readFeeResults } from "./fee-results.js";
import { SETLINFO_AMOUNTS, SETLINFO_TEXTS } from "./setlinfo-fields.js";

const REQUIRED = new Set<string>(REQUIRED_ADJUDICATION_AMOUNTS.map(([wire]) => wire));

/**
 * An insured platform's settle response (infcode 0, output.setlinfo, and output.result with the
 * per-line results where it judged the lines) as the canonical adjudication of `claim`. Problems
 * are recorded in the reader. Absent is not zero: medfee_sumamt and fund_pay_sumamt are required
 * (absent → `output.setlinfo.<name>` "is required"); any other amount not sent (missing, null or
 * "") stays absent, while "0.00" is a stated 0.
 */
export function readAdjudicationReply(root: Record<string, unknown>, claim: Claim, r: FieldReader): Adjudication {
  const infcode = r.text(root.infcode, "infcode", { required: true, oneOf: ["0"] });
  const output = r.object(root.output, "output", infcode === "0") ?? {};
  const info = r.object(output.setlinfo, "output.setlinfo", infcode === "0") ?? {};
  const a = create(AdjudicationSchema, { claimId: claim.claimId });
  for (const [wire, field] of SETLINFO_AMOUNTS) {
    const path = `output.setlinfo.${wire}`;
    if (REQUIRED.has(wire)) a[field] = r.decimal(info[wire], path, { scale: Scale.FEN, required: true });
    else a[field] = r.optionalDecimal(info[wire], path, Scale.FEN);
  }
  for (const [wire, field] of SETLINFO_TEXTS) {
    a[field] = r.text(info[wire], `output.setlinfo.${wire}`, { required: wire === "setl_id", maxLength: 40 });
  }
  a.feeLines = readFeeResults(output.result, r);
  return a;
}
