// Every golden vector of conformance/vectors/jinbao-legacy/: claims decode to claim.json, render
// result.txt and encode back to their input; invalid inputs give the named violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fromJsonString, toJson } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { ClaimSchema, ClaimStatus, SettlementResultSchema, type Claim, type SettlementResult } from "@tongxing/proto";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";

const ROOT = new URL("../../../../conformance/vectors/jinbao-legacy/", import.meta.url);

interface VectorMeta {
  description: string;
  kind: "claim" | "invalid";
  input: string;
  result?: string;
  error?: { field: string; description: string };
}

const names = readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const read = (name: string, file: string) => readFileSync(new URL(`${name}/${file}`, ROOT));
const meta = (name: string) => JSON.parse(read(name, "vector.json").toString("utf8")) as VectorMeta;

/** Every claim vector's decoded claim and its result. */
function decodedVectors(): { claim: Claim; result: SettlementResult }[] {
  return names
    .filter((n) => meta(n).kind === "claim")
    .map((n) => ({ claim: dialect.decodeClaim(read(n, meta(n).input)).claim, result: fromJsonString(SettlementResultSchema, read(n, "result.json").toString("utf8")) }));
}

for (const name of names) {
  const v = meta(name);
  test(`vector ${name}: ${v.description}`, () => {
    assert.match(name, /^\d{3}-[a-z0-9-]+$/);
    const input = read(name, v.input);
    if (v.kind === "invalid") {
      assert.equal(v.result, undefined);
      assert.ok(v.error !== undefined);
      assert.throws(
        () => dialect.decodeClaim(input),
        (err: unknown) => isInvalidInputError(err) && err.violations.some((x) => x.field === v.error?.field && new RegExp(v.error.description).test(x.description)),
      );
      return;
    }
    assert.equal(v.error, undefined);
    const { claim, msgid } = dialect.decodeClaim(input);
    assert.deepEqual(toJson(ClaimSchema, claim), JSON.parse(read(name, "claim.json").toString("utf8")));
    assert.equal(msgid, claim.msgid);
    const result = fromJsonString(SettlementResultSchema, read(name, "result.json").toString("utf8"));
    const rendered = Buffer.from(dialect.encodeResult(result, claim));
    assert.ok(rendered.equals(read(name, v.result ?? "")), `result.txt differs:\n${rendered.toString("latin1")}`);
    const crlf = Buffer.from(input.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
    assert.ok(Buffer.from(dialect.encodeClaim!(claim)).equals(crlf), "encodeClaim gives the input back (with CR LF)");
  });
}

test("the vectors cover every local code, the three results, and at least 4 refusals", () => {
  assert.ok(names.length >= 15, `${names.length} vectors`);
  assert.ok(names.filter((n) => meta(n).kind === "invalid").length >= 4);
  const decoded = decodedVectors();
  const seen = (values: string[]) => new Set(values);
  const table = (key: string) => (JINBAO_LEGACY_MAPPING.codeTables[key]?.rows ?? []).map((r) => r.national).sort();
  const claims = decoded.map((d) => d.claim);
  assert.deepEqual([...seen(claims.map((c) => c.person?.insutype ?? ""))].sort(), table("insutype"));
  assert.deepEqual([...seen(claims.map((c) => c.person?.mdtrtCertType ?? ""))].sort(), table("mdtrt_cert_type"));
  assert.deepEqual([...seen(claims.map((c) => c.encounter?.medType ?? ""))].sort(), table("med_type"));
  assert.deepEqual([...seen(claims.flatMap((c) => c.feeLines.map((l) => l.chrgitmLv)))].sort(), table("chrgitm_lv"));
  assert.deepEqual([...seen(claims.map((c) => c.infno))].sort(), table("trans_code"));
  const settled = decoded.filter((d) => d.result.status === ClaimStatus.SETTLED);
  for (const clr of table("clr_type")) assert.ok(settled.some((d) => d.result.adjudication?.clrType === clr), `clr_type ${clr}`);
  for (const status of [ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]) assert.ok(decoded.some((d) => d.result.status === status));
  assert.ok(claims.some((c) => c.encounter?.midSetlFlag === "1"), "an interim settlement");
  assert.ok(claims.some((c) => c.feeLines.some((l) => l.cntE4 < 0n && l.initFeedetlSn !== "")), "a refund line");
  const amounts = claims.flatMap((c) => [c.totals?.medfeeSumamt, ...c.feeLines.map((l) => l.detItemFeeSumamt)]);
  for (const boundary of [0n, 1n, 9_999_999_999n]) assert.ok(amounts.includes(boundary), `amount ${boundary}`);
});
