// The fhir-r4 golden vectors (conformance/vectors/fhir-r4) beside the codec: the conformance kit
// checks decode and rendering through the translator's registry; here every claim vector must also
// survive encodeClaim → decodeClaim, and its adjudication encodeAdjudication → decodeAdjudication.
import assert from "node:assert/strict";
import { test } from "node:test";
import { equals, fromJsonString, toJson } from "@bufbuild/protobuf";
import { ClaimSchema, SettlementResultSchema } from "@tongxing/proto";
import { readdirSync, readFileSync } from "node:fs";
import { fhirR4Dialect as dialect } from "./fhir-r4-dialect.js";

const ROOT = new URL("../../../../conformance/vectors/fhir-r4/", import.meta.url);

interface VectorFile {
  kind: "claim" | "invalid";
  input: string;
}

const vectors = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()
  .map((name) => ({ name, meta: JSON.parse(readFileSync(new URL(`${name}/vector.json`, ROOT), "utf8")) as VectorFile }));

test("at least 15 claim vectors and 10 invalid ones, in NNN-slug folders", () => {
  assert.ok(vectors.filter((v) => v.meta.kind === "claim").length >= 15);
  assert.ok(vectors.filter((v) => v.meta.kind === "invalid").length >= 10);
  for (const v of vectors) assert.match(v.name, /^\d{3}-[a-z0-9-]+$/);
});

for (const { name, meta } of vectors.filter((v) => v.meta.kind === "claim")) {
  test(`${name}: the claim survives encodeClaim → decodeClaim, and so does its adjudication`, () => {
    const { claim } = dialect.decodeClaim(readFileSync(new URL(`${name}/${meta.input}`, ROOT)));
    assert.deepEqual(toJson(ClaimSchema, claim), JSON.parse(readFileSync(new URL(`${name}/claim.json`, ROOT), "utf8")));
    // A late claim's extension stays with the hub: the insured side gets the care as any claim.
    assert.ok(equals(ClaimSchema, dialect.decodeClaim(dialect.encodeClaim(claim)).claim, { ...claim, lateSettlement: undefined }), "claim changed in the round trip");
    const adjudication = fromJsonString(SettlementResultSchema, readFileSync(new URL(`${name}/result.json`, ROOT), "utf8")).adjudication;
    if (adjudication === undefined || adjudication.setlId === "") return; // REJECTED / HELD: no settlement to reply with
    claim.claimId = adjudication.claimId;
    const back = dialect.decodeAdjudication(dialect.encodeAdjudication(adjudication, claim), claim);
    assert.deepEqual(back, { ...adjudication, adjudicatedBy: "" });
  });
}
