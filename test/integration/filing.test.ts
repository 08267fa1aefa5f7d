// Filings (备案): where the insured region's policy requires one, cross-province care settles
// only with a filing valid on the day of care; emergencies are deemed filed; only the insured
// platform files, over gRPC (FilingRegistry).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { DEFAULT_INSURED_POLICIES, putPolicy } from "@tongxing/policy";
import { CancelFilingRequestSchema, ClaimStatus, FilingRegistry, FilingType, PutFilingRequestSchema } from "@tongxing/proto";
import { badRequestOf, callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
const PSN = "32010099990000000001";

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "filing-test" });
  const jiangsu = DEFAULT_INSURED_POLICIES.get("32")!;
  await putPolicy(await new Kvm(nc).open(Buckets.POLICIES), { province: "32", versions: [{ ...jiangsu.versions[0]!, filingRequired: true }] });
  await new Promise((r) => setTimeout(r, 300));
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

function claim(seq: number, medType = "11"): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq, psnNo: PSN }).json) as unknown as { input: { data: Record<string, unknown> } };
  m.input.data.med_type = medType;
  return new TextEncoder().encode(JSON.stringify(m));
}

async function filingCall(platform: string, method: "putFiling" | "cancelFiling", request: unknown): Promise<unknown> {
  const c = createGrpcClient(FilingRegistry, hub.address, { credentials: hub.pki.credentials(platform) });
  try {
    const m = FilingRegistry.method[method];
    const req = method === "putFiling" ? create(PutFilingRequestSchema, request as never) : create(CancelFilingRequestSchema, request as never);
    return await callUnary(c, m as never, req as never, { metadata: { "x-tongxing-platform": platform }, timeoutMs: 10_000 });
  } finally {
    c.close();
  }
}

const filing = { filingNo: "JS2026-0001", psnNo: PSN, insuplcAdmdvs: "320100", mdtrtareaAdmvs: "370000", filingType: FilingType.LONG_TERM_RESIDENT, begndate: "2025-01-01", enddate: "" };

test("without a filing the claim is rejected (F1); emergencies are deemed filed", async () => {
  const res = await shandong.settle(claim(1));
  assert.equal(res.status, ClaimStatus.REJECTED);
  assert.equal(res.settlement?.verdict?.findings[0]?.ruleId, "F1");
  assert.equal((await shandong.settle(claim(2, "13"))).status, ClaimStatus.SETTLED, "emergency outpatient");
});

test("only the insured platform files; with its filing the claim settles; cancelled, it no longer does", async () => {
  await assert.rejects(filingCall("37", "putFiling", { filing }), (e: ServiceError) => e.code === GrpcStatus.PERMISSION_DENIED && /authz\.insured-region/.test(e.details));
  await assert.rejects(filingCall("32", "putFiling", { filing: { ...filing, begndate: "2025/01/01" } }), (e: ServiceError) => e.code === GrpcStatus.INVALID_ARGUMENT);
  await filingCall("32", "putFiling", { filing });
  assert.equal((await shandong.settle(claim(3))).status, ClaimStatus.SETTLED, "filed for the whole of Shandong");
  await assert.rejects(filingCall("32", "cancelFiling", { psnNo: "", insuplcAdmdvs: "3201", filingNo: filing.filingNo }), (e: ServiceError) => {
    assert.equal(e.code, GrpcStatus.INVALID_ARGUMENT);
    assert.deepEqual(
      badRequestOf(e)?.fieldViolations.map((v) => `${v.field}: ${v.description}`),
      ["psn_no: is required", "insuplc_admdvs: must be 6 digits"],
    );
    return true;
  });
  assert.deepEqual(await filingCall("32", "cancelFiling", { psnNo: PSN, insuplcAdmdvs: "320100", filingNo: filing.filingNo }).then((r) => (r as { cancelled: boolean }).cancelled), true);
  const after = await shandong.settle(claim(4));
  assert.equal(after.status, ClaimStatus.REJECTED);
  assert.equal(after.settlement?.verdict?.findings[0]?.ruleId, "F1");
});
