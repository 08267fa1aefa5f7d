// Hostile and malformed national-format (and FHIR) messages get INVALID_ARGUMENT naming the field
// (google.rpc.BadRequest details readable by any gRPC client); the hub keeps settling claims.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { badRequestOf } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { createDialectRegistry } from "@tongxing/dialects";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

type Json = Record<string, unknown> & { input: { data: Record<string, unknown> } };

function validMessage(seq: number): Json {
  return structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as Json;
}

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

async function expectInvalid(payload: Uint8Array, field: string, descriptionPattern?: RegExp): Promise<void> {
  await assert.rejects(shandong.settle(payload), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT, `code for ${field}: ${err.message}`);
    const violations = badRequestOf(err)?.fieldViolations ?? [];
    const hit = violations.find((v) => v.field === field);
    assert.ok(hit, `a violation names ${field}; got ${JSON.stringify(violations.map((v) => v.field))}`);
    if (descriptionPattern !== undefined) assert.match(hit.description, descriptionPattern);
    return true;
  });
}

test("missing insuplc_admdvs is named", async () => {
  const m = validMessage(1);
  delete m.insuplc_admdvs;
  await expectInvalid(bytes(m), "insuplc_admdvs", /required/);
});

test('amount "12.345" (three decimals) is named, never rounded', async () => {
  const m = validMessage(2);
  m.input.data.medfee_sumamt = "12.345";
  await expectInvalid(bytes(m), "input.data.medfee_sumamt", /decimal places/);
  const n = validMessage(3);
  await expectInvalid(bytes(JSON.stringify(n).replace(/"medfee_sumamt":"[^"]*"/, '"medfee_sumamt":12.345')), "input.data.medfee_sumamt");
});

test('amount "abc" is named', async () => {
  const m = validMessage(4);
  m.input.data.inscp_scp_amt = "abc";
  await expectInvalid(bytes(m), "input.data.inscp_scp_amt", /not a decimal/);
});

test("a negative settle amount is named", async () => {
  const m = validMessage(5);
  m.input.data.medfee_sumamt = "-10.00";
  await expectInvalid(bytes(m), "input.data.medfee_sumamt", /negative/);
});

test("a payload a little over the 1 MiB limit is refused on payload", async () => {
  const m = validMessage(6);
  m.input.data.dise_name = "x".repeat(1024 * 1024);
  await expectInvalid(bytes(m), "payload", /limit is 1048576 bytes/);
});

test("a 10 MB message is refused by its length prefix, before it is buffered: RESOURCE_EXHAUSTED naming the limit", async () => {
  const m = validMessage(20);
  m.input.data.dise_name = "x".repeat(10 * 1024 * 1024);
  await assert.rejects(shandong.settle(bytes(m)), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.RESOURCE_EXHAUSTED);
    assert.match(err.details, /larger than max \(\d+ vs\.? 1114112\)/, "names the limit: 1 MiB payload + 64 KiB");
    return true;
  });
  const after = await shandong.settle(bytes(validMessage(21)));
  assert.equal(after.status, ClaimStatus.SETTLED, "the hub is unharmed");
});

test("deeply nested JSON is refused on payload without recursion", async () => {
  await expectInvalid(bytes("[".repeat(100_000) + "]".repeat(100_000)), "payload", /nested/);
  // A valid message with one field nested 5,000 objects deep.
  const deep = '{"a":'.repeat(5_000) + "{}" + "}".repeat(5_000);
  const text = JSON.stringify(validMessage(7)).replace('"input":{', `"input":{"extra":${deep},`);
  await expectInvalid(bytes(text), "payload", /nested/);
});

test("not JSON, not UTF-8, wrong types, unknown dialect", async () => {
  await expectInvalid(bytes("{not json"), "payload", /JSON/);
  await expectInvalid(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "payload", /UTF-8/);
  const m = validMessage(8);
  m.input.data.psn_no = { nested: true };
  await expectInvalid(bytes(m), "input.data.psn_no");
  await assert.rejects(shandong.settle(bytes(validMessage(9)), { dialect: "klingon" }), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
    assert.equal(badRequestOf(err)?.fieldViolations[0]?.field, "dialect");
    return true;
  });
});

test("a caller without a platform identity is refused", async () => {
  const anonymous = createGatewayClient(hub.address, "");
  await assert.rejects(anonymous.settle(bytes(validMessage(10))), (err: ServiceError) => err.code === GrpcStatus.UNAUTHENTICATED);
  anonymous.close();
});

test("a valid claim sent right after all of that still settles", async () => {
  const res = await shandong.settle(bytes(validMessage(11)));
  assert.equal(res.status, ClaimStatus.SETTLED);
});

test("fhir-r4: the FHIR specification's own Claim example is refused field by field over gRPC; a FHIR claim right after settles", async () => {
  const example = readFileSync(new URL("../../conformance/vectors/fhir-r4/019-invalid-spec-claim-example-institutional/input.json", import.meta.url));
  await assert.rejects(shandong.settle(example, { dialect: "fhir-r4" }), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
    const fields = (badRequestOf(err)?.fieldViolations ?? []).map((v) => v.field);
    assert.ok(fields.includes("Claim.insurance[0].coverage.extension('https://tongxing.example/fhir/StructureDefinition/insuplc-admdvs').valueString"), JSON.stringify(fields));
    assert.ok(fields.includes("Claim.total.currency"), "the USD total is named");
    return true;
  });
  const registry = createDialectRegistry();
  const fhir = registry.get("fhir-r4").encodeClaim!(registry.get("nhsa-json").decodeClaim(bytes(validMessage(40))).claim);
  const res = await shandong.settle(fhir, { dialect: "fhir-r4" });
  assert.equal(res.status, ClaimStatus.SETTLED);
  assert.match(new TextDecoder().decode(res.payload), /"resourceType": ?"ClaimResponse"/);
});
