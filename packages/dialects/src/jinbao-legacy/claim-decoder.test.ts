import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { clone, create, fromJsonString } from "@bufbuild/protobuf";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { ClaimKind, ClaimSchema, FeeLineSchema } from "@tongxing/proto";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const VECTOR = new URL("../../../../conformance/vectors/jinbao-legacy/001-outpatient-card-settled/", import.meta.url);
const INPUT = readFileSync(new URL("input.txt", VECTOR));
const CLAIM = fromJsonString(ClaimSchema, readFileSync(new URL("claim.json", VECTOR), "utf8"));
const CRLF = Buffer.from("\r\n");

/** The records of a CR LF file, line ends removed. */
const recordsOf = (bytes: Uint8Array): Buffer[] => {
  const text = Buffer.from(bytes).toString("latin1").split("\r\n");
  text.pop();
  return text.map((r) => Buffer.from(r, "latin1"));
};
const fileOf = (records: readonly Buffer[]): Buffer => Buffer.concat(records.flatMap((r) => [r, CRLF]));

function violations(payload: Uint8Array): FieldViolation[] {
  try {
    dialect.decodeClaim(payload);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `threw ${String(err)}`);
    return [...err.violations];
  }
  assert.fail("decoded");
}
const has = (vs: FieldViolation[], field: string, description: RegExp) =>
  assert.ok(vs.some((v) => v.field === field && description.test(v.description)), `${field} ~ ${description} in ${JSON.stringify(vs)}`);

test("a settle file decodes: kind and infno from the transaction code, msgid as the idempotency key, dialect set", () => {
  const { claim, msgid } = dialect.decodeClaim(INPUT);
  assert.equal(claim.kind, ClaimKind.OUTPATIENT);
  assert.equal(claim.infno, "2207");
  assert.equal(msgid, "H37010200001202403010930000001");
  assert.equal(claim.dialect, "jinbao-legacy");
  assert.equal(claim.claimId, "");
  assert.equal(claim.feeLines.length, 3);
  assert.equal(claim.totals?.medfeeSumamt, 12050n);
});

test("empty, oversized and over-long payloads are refused on payload before any record is read", () => {
  has(violations(new Uint8Array(0)), "payload", /is empty/);
  has(violations(Buffer.alloc(1_048_577, 0x41)), "payload", /1048577 bytes, more than 1048576/);
  has(violations(Buffer.alloc(30_000, 0x0a)), "payload", /has 30000 records, a settle file at most 5003/);
});

test("5,000 fee lines decode; 5,001 are refused on payload before they are read", () => {
  const claim = clone(ClaimSchema, CLAIM);
  const line = claim.feeLines[0] ?? create(FeeLineSchema);
  claim.feeLines = Array.from({ length: 5_000 }, (_, i) => ({ ...line, feedetlSn: `SN${i}` }));
  claim.totals = { ...claim.totals!, medfeeSumamt: 5_000n * line.detItemFeeSumamt! };
  const bytes = dialect.encodeClaim!(claim);
  const started = cpuNow();
  assert.equal(dialect.decodeClaim(bytes).claim.feeLines.length, 5_000);
  assert.ok(cpuNow() - started < 500, "a full file decodes quickly");
  const records = recordsOf(bytes);
  const more = fileOf([...records.slice(0, -1), records[2]!, records.at(-1)!]);
  assert.ok(more.length < 1_048_576);
  assert.deepEqual(violations(more), [{ field: "payload", description: "more than 5,000 fee line records (5,001)" }]);
});

test("record types, order and counts are checked against the settle file's shape", () => {
  const [h, s, d1, d2, d3, t] = recordsOf(INPUT) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  has(violations(fileOf([h, s, d1, d2, d3, Buffer.concat([Buffer.from("X"), t.subarray(1)]), t])), "record[6]", /unknown record type "X": a settle file is H, S, D…, T/);
  const swapped = violations(fileOf([h, d1, s, d2, d3, t]));
  has(swapped, "record[2]", /record type S \(settle\) must come before this D record/);
  has(swapped, "record[3]", /record type S cannot follow D/);
  has(violations(fileOf([h, h, s, d1, d2, d3, t])), "record[2]", /record type H repeated/);
  has(violations(fileOf([h, d1, d2, d3, t])), "record[2]", /record type S \(settle\) must come before/);
  has(violations(fileOf([s, d1, d2, d3, t])), "record[1]", /record type H \(header\) must come before/);
  has(violations(fileOf([h, s])), "payload", /has no record of type T \(trailer\)/);
  has(violations(Buffer.concat([fileOf([h, s, d1, d2, d3]), t])), "record[6]", /not ended by CR LF/);
});

test("every bad field is named at once, with its record", () => {
  const [h, s, d1, d2, d3, t] = recordsOf(INPUT) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const badH = Buffer.from(h);
  badH.write("XXXX", 1, "latin1");
  const badS = Buffer.from(s);
  badS.write("  ", 234, "latin1");
  const badD = Buffer.from(d2);
  badD.write("7", 105, "latin1");
  const vs = violations(fileOf([badH, badS, d1, badD, d3, t]));
  has(vs, "record[1].trans_code", /"XXXX" is not a local trans_code code \(MZJS, ZYJS, YDJS\)/);
  has(vs, "record[2].med_type", /is required/);
  has(vs, "record[4].chrgitm_lv", /"7" is not a local chrgitm_lv code/);
  assert.equal(vs.length, 3);
});

test("an unreadable fee line is reported alone: the trailer's sum is not checked against a partial total", () => {
  const [h, s, d1, d2, d3, t] = recordsOf(INPUT) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const vs = violations(fileOf([h, s, d1, d2.subarray(0, 150), d3, t]));
  assert.deepEqual(vs, [{ field: "record[4]", description: "truncated: 150 bytes, record type D (fee line) has 196" }]);
});

test("violations stop at 100, and one more on payload counts the rest", () => {
  const [h, s, d1, , , t] = recordsOf(INPUT) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const bad = Buffer.from(d1);
  bad.write(" ".repeat(20), 1, "latin1");
  bad.write("X", 105, "latin1");
  const lines = Array.from({ length: 60 }, () => bad);
  const vs = violations(fileOf([h, s, ...lines, t]));
  assert.equal(vs.length, 101);
  assert.deepEqual(vs.at(-1), { field: "payload", description: "22 more violations not listed" });
});

test("no other exception leaves a decode, whatever the bytes", () => {
  for (const bytes of [Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from("H\r\n"), Buffer.from("\n\n\n"), Buffer.from("\r"), INPUT.subarray(0, 1)]) {
    assert.ok(violations(bytes).length > 0);
  }
});
