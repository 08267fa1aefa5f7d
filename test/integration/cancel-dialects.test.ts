// Cancels (2208 / 2305 / 2103 semantics) are accepted in every dialect through the public gRPC
// path: nhsa-json, xml-esb, jinbao-legacy and fhir-r4 each reverse a settlement (the insured
// simulator acknowledges), and the answer comes in the cancel's dialect.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildCancelMessage, buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, type CancelSettlementResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

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

async function cancelIn(dialect: string, payload: Uint8Array): Promise<CancelSettlementResponse> {
  const c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect, payload }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 20_000 });
  } finally {
    c.close();
  }
}

const ANSWERS: Record<string, RegExp> = {
  "nhsa-json": /"infcode":"0"/,
  "xml-esb": /<RetMsg>撤销成功<\/RetMsg>/,
  "jinbao-legacy": /^R/,
  "fhir-r4": /"status": "cancelled"/,
};

let seq = 0;
for (const dialect of ["nhsa-json", "xml-esb", "jinbao-legacy", "fhir-r4"]) {
  test(`a ${dialect} cancel reverses a settlement and is answered in ${dialect}`, async () => {
    const i = ++seq;
    const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 700 + i, seed: 700 + i }).payload);
    assert.equal(settled.status, ClaimStatus.SETTLED);
    const claim = (await shandong.get(settled.claimId)).record?.claim;
    const fields = {
      msgid: `H37010200001202403011000${String(i).padStart(6, "0")}`,
      setlId: settled.settlement?.adjudication?.setlId ?? "",
      mdtrtId: claim?.encounter?.mdtrtId ?? "",
      psnNo: claim?.person?.psnNo ?? "",
      mdtrtareaAdmvs: "370102",
      insuplcAdmdvs: "320100",
      fixmedinsCode: claim?.fixmedinsCode ?? "",
    };
    const res = await cancelIn(dialect, buildCancelMessage(dialect, fields));
    assert.equal(res.status, ClaimStatus.CANCELLED);
    assert.match(Buffer.from(res.payload).toString("utf8"), ANSWERS[dialect]!);
    assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1);
    // A malformed cancel in the same dialect: INVALID_ARGUMENT naming a field, nothing changed.
    const bad = buildCancelMessage(dialect, { ...fields, setlId: "" });
    await assert.rejects(cancelIn(dialect, bad), (e: ServiceError) => e.code === GrpcStatus.INVALID_ARGUMENT || e.code === GrpcStatus.NOT_FOUND);
  });
}
