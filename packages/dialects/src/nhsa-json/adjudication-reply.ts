import { create } from "@bufbuild/protobuf";
import { Scale } from "@tongxing/domain";
import { AdjudicationSchema, type Adjudication, type Claim } from "@tongxing/proto";
import type { FieldReader } from "./field-reader.js";
import { readFeeResults } from "./fee-results.js";
import { SETLINFO_AMOUNTS, SETLINFO_TEXTS } from "./setlinfo-fields.js";

/**
 * An insured platform's settle response (infcode 0, output.setlinfo, and output.result with the
 * per-line results where it judged the lines) as the canonical adjudication of `claim`. Problems
 * are recorded in the reader.
 */
export function readAdjudicationReply(root: Record<string, unknown>, claim: Claim, r: FieldReader): Adjudication {
  const infcode = r.text(root.infcode, "infcode", { required: true, oneOf: ["0"] });
  const output = r.object(root.output, "output", infcode === "0") ?? {};
  const info = r.object(output.setlinfo, "output.setlinfo", infcode === "0") ?? {};
  const a = create(AdjudicationSchema, { claimId: claim.claimId });
  for (const [wire, field] of SETLINFO_AMOUNTS) {
    a[field] = r.decimal(info[wire], `output.setlinfo.${wire}`, { scale: Scale.FEN, required: wire === "medfee_sumamt" });
  }
  for (const [wire, field] of SETLINFO_TEXTS) {
    a[field] = r.text(info[wire], `output.setlinfo.${wire}`, { required: wire === "setl_id", maxLength: 40 });
  }
  a.feeLines = readFeeResults(output.result, r);
  return a;
}
