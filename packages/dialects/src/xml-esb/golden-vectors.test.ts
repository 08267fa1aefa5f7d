// The xml-esb golden vectors (conformance/vectors/xml-esb), checked here beside the codec; the
// conformance kit's runner checks them again through the translator's registry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { equals, fromJsonString, toJson } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { ClaimSchema, SettlementResultSchema } from "@tongxing/proto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { xmlEsbDialect } from "./xml-esb-dialect.js";

const ROOT = fileURLToPath(new URL("../../../../conformance/vectors/xml-esb/", import.meta.url));

interface VectorFile {
  description: string;
  kind: "claim" | "invalid";
  input: string;
  result?: string;
  error?: { field: string; description: string };
}

const vectors = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()
  .map((name) => ({ name, dir: join(ROOT, name), meta: JSON.parse(readFileSync(join(ROOT, name, "vector.json"), "utf8")) as VectorFile }));

test("at least 15 vectors, 5 of them invalid, in NNN-slug folders", () => {
  assert.ok(vectors.length >= 15, `${vectors.length} vectors`);
  assert.ok(vectors.filter((v) => v.meta.kind === "invalid").length >= 5);
  for (const v of vectors) assert.match(v.name, /^\d{3}-[a-z0-9-]+$/);
});

for (const { name, dir, meta } of vectors) {
  const input = readFileSync(join(dir, meta.input));
  if (meta.kind === "invalid") {
    test(`${name}: refused on ${meta.error?.field ?? "?"}`, () => {
      assert.throws(
        () => xmlEsbDialect.decodeClaim(input),
        (err: unknown) => isInvalidInputError(err) && err.violations.some((v) => v.field === meta.error?.field && new RegExp(meta.error.description).test(v.description)),
      );
    });
    continue;
  }
  test(`${name}: decodes to claim.json and renders result.xml byte for byte`, () => {
    const decoded = xmlEsbDialect.decodeClaim(input);
    assert.deepEqual(toJson(ClaimSchema, decoded.claim), JSON.parse(readFileSync(join(dir, "claim.json"), "utf8")));
    assert.equal(decoded.msgid, decoded.claim.msgid);
    const result = fromJsonString(SettlementResultSchema, readFileSync(join(dir, "result.json"), "utf8"));
    const rendered = Buffer.from(xmlEsbDialect.encodeResult(result, decoded.claim));
    assert.equal(rendered.toString("utf8"), readFileSync(join(dir, meta.result ?? "result.xml"), "utf8"));
  });
  test(`${name}: the claim survives encodeClaim → decodeClaim, and so does its adjudication`, () => {
    const { claim } = xmlEsbDialect.decodeClaim(input);
    // A late claim's LateSetl stays with the hub: the insured side gets the care as any claim.
    assert.ok(equals(ClaimSchema, xmlEsbDialect.decodeClaim(xmlEsbDialect.encodeClaim!(claim)).claim, { ...claim, lateSettlement: undefined }));
    const adjudication = fromJsonString(SettlementResultSchema, readFileSync(join(dir, "result.json"), "utf8")).adjudication;
    if (adjudication === undefined || adjudication.setlId === "") return;
    claim.claimId = adjudication.claimId;
    const back = xmlEsbDialect.decodeAdjudication!(xmlEsbDialect.encodeAdjudication!(adjudication, claim), claim);
    assert.deepEqual(back, { ...adjudication, adjudicatedBy: "" });
  });
}
