import assert from "node:assert/strict";
import { test } from "node:test";
import { toJson } from "@bufbuild/protobuf";
import { nhsaJsonDialect } from "@tongxing/dialects";
import { ClaimKind, ClaimSchema } from "@tongxing/proto";
import { buildNhsaSettleMessage } from "./claim-factory.js";

const message = (kind: "outpatient" | "inpatient" | "pharmacy", seq: number) =>
  buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).payload;

test("the loadtest factory's messages of every kind decode, and re-encode to the same claim", () => {
  for (const [i, kind] of (["outpatient", "inpatient", "pharmacy"] as const).entries()) {
    const claim = nhsaJsonDialect.decodeClaim(message(kind, i + 1)).claim;
    assert.equal(claim.kind, [ClaimKind.OUTPATIENT, ClaimKind.INPATIENT, ClaimKind.PHARMACY][i]);
    assert.deepEqual(toJson(ClaimSchema, nhsaJsonDialect.decodeClaim(nhsaJsonDialect.encodeClaim!(claim)).claim), toJson(ClaimSchema, claim));
  }
});

