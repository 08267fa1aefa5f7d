import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimKind, ClaimSchema, SettlementResultSchema } from "@tongxing/proto";
import type { Dialect } from "./dialect.js";

/**
 * The hub's own schema: the payload is a tongxing.v1.Claim in protobuf binary and the result a
 * tongxing.v1.SettlementResult. Checked for what routing and settlement need.
 */
export const canonicalDialect: Dialect = {
  name: "canonical",
  decodeClaim(payload) {
    let claim;
    try {
      claim = fromBinary(ClaimSchema, payload);
    } catch (err) {
      throw new InvalidInputError([{ field: "payload", description: "is not a tongxing.v1.Claim in protobuf binary" }], { cause: err });
    }
    const v: { field: string; description: string }[] = [];
    const need = (ok: boolean, field: string, description: string) => ok || v.push({ field, description });
    need(claim.kind !== ClaimKind.UNSPECIFIED, "kind", "is required");
    need(/^[0-9A-Za-z]{1,30}$/.test(claim.msgid), "msgid", "must be 1–30 letters or digits");
    need(/^\d{6}$/.test(claim.mdtrtareaAdmvs), "mdtrtarea_admvs", "must be 6 digits (医保区划)");
    need(/^\d{6}$/.test(claim.insuplcAdmdvs), "insuplc_admdvs", "must be 6 digits (医保区划)");
    need(claim.fixmedinsCode !== "", "fixmedins_code", "is required");
    need((claim.person?.psnNo ?? "") !== "", "person.psn_no", "is required");
    need((claim.encounter?.mdtrtId ?? "") !== "", "encounter.mdtrt_id", "is required");
    const t = claim.totals;
    need(t !== undefined, "totals", "is required");
    for (const [name, value] of Object.entries(t ?? {})) {
      if (typeof value === "bigint") need(value >= 0n, `totals.${name}`, "must not be negative");
    }
    if (v.length > 0) throw new InvalidInputError(v);
    claim.dialect = "canonical";
    return { claim, msgid: claim.msgid };
  },
  encodeResult(result) {
    return toBinary(SettlementResultSchema, result);
  },
  encodeClaim(claim) {
    return toBinary(ClaimSchema, claim);
  },
  decodeAdjudication(payload, claim) {
    try {
      const adjudication = fromBinary(AdjudicationSchema, payload);
      adjudication.claimId = claim.claimId;
      return adjudication;
    } catch (err) {
      throw new InvalidInputError([{ field: "payload", description: "is not a tongxing.v1.Adjudication in protobuf binary" }], { cause: err });
    }
  },
  encodeAdjudication(adjudication) {
    return toBinary(AdjudicationSchema, adjudication);
  },
};
