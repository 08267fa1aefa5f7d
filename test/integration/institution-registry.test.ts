// The designated-institution registry with live status (动态管理) through the public gRPC path:
// Shandong's platform registers one of its hospitals as networked, suspended from 2026-06-01 and
// reinstated from 2026-09-01; another province may not manage it; anyone can ask whether it is
// networked on a date; a claim for care during the suspension is refused at intake with a status
// that says so, one for care after reinstatement settles.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, GetInstitutionStatusRequestSchema, InstitutionRegistry, InstitutionStatus, PutInstitutionRequestSchema, type GetInstitutionStatusResponse } from "@tongxing/proto";
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

async function put(platform: string, institution: object): Promise<unknown> {
  const c = createGrpcClient(InstitutionRegistry, hub.address, { credentials: hub.pki.credentials(platform) });
  try {
    return await callUnary(c, InstitutionRegistry.method.putInstitution, create(PutInstitutionRequestSchema, { institution }), { timeoutMs: 10_000 });
  } finally {
    c.close();
  }
}

async function lookup(platform: string, fixmedinsCode: string, date: string): Promise<GetInstitutionStatusResponse> {
  const c = createGrpcClient(InstitutionRegistry, hub.address, { credentials: hub.pki.credentials(platform) });
  try {
    return await callUnary(c, InstitutionRegistry.method.getInstitutionStatus, create(GetInstitutionStatusRequestSchema, { fixmedinsCode, admdvs: "370102", date }), { timeoutMs: 10_000 });
  } finally {
    c.close();
  }
}

const HOSPITAL = "H37010200001";

/** An outpatient claim of HOSPITAL for a Jiangsu-insured patient, care on `day` (Beijing). */
function claimOn(seq: number, day: string): Uint8Array {
  const json = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: 500 + seq, insutype: "390", at: new Date(`${day}T10:00:00+08:00`) }).json);
  json.msgid = `${HOSPITAL}${json.msgid.slice(12)}`;
  json.fixmedins_code = HOSPITAL;
  return new TextEncoder().encode(JSON.stringify(json));
}
const history = {
  fixmedinsCode: HOSPITAL,
  fixmedinsName: "济南市第一人民医院",
  admdvs: "370102",
  level: "3",
  changes: [
    { status: InstitutionStatus.NETWORKED, effectiveDate: "2020-01-01" },
    { status: InstitutionStatus.SUSPENDED, effectiveDate: "2026-06-01", note: "under investigation" },
    { status: InstitutionStatus.NETWORKED, effectiveDate: "2026-09-01" },
  ],
};

test("only the institution's own province manages its entry, and a bad entry is refused naming the field", async () => {
  await assert.rejects(put("32", history), (err: ServiceError) => err.code === GrpcStatus.PERMISSION_DENIED && /^authz\.institution-region: .*does not serve region 370102/.test(err.details));
  await assert.rejects(put("37", { ...history, changes: [{ status: InstitutionStatus.SUSPENDED, effectiveDate: "2026-13-01" }] }), (err: ServiceError) => err.code === GrpcStatus.INVALID_ARGUMENT && /institution\.changes\[0\]\.effective_date/.test(err.message));
  await put("37", history);
});

test("anyone can ask whether the institution is networked on a date", async () => {
  const during = await lookup("32", HOSPITAL, "2026-07-10");
  assert.deepEqual([during.networked, during.status, during.effectiveDate, during.fixmedinsName], [false, InstitutionStatus.SUSPENDED, "2026-06-01", "济南市第一人民医院"]);
  const after = await lookup("32", HOSPITAL, "2026-10-01");
  assert.deepEqual([after.networked, after.status, after.effectiveDate], [true, InstitutionStatus.NETWORKED, "2026-09-01"]);
  const unknown = await lookup("32", "H37010299999", "2026-10-01");
  assert.deepEqual([unknown.networked, unknown.status], [false, InstitutionStatus.UNSPECIFIED]);
  await assert.rejects(lookup("32", HOSPITAL, "10/01/2026"), (err: ServiceError) => err.code === GrpcStatus.INVALID_ARGUMENT && /date/.test(err.message));
});

test("a claim for care during the suspension is refused at intake; one after reinstatement settles", async () => {
  await new Promise((r) => setTimeout(r, 200)); // the translator's watch of the registry
  await assert.rejects(shandong.settle(claimOn(1, "2026-07-10")), (err: ServiceError) => err.code === GrpcStatus.FAILED_PRECONDITION && /SUSPENDED since 2026-06-01 on 2026-07-10/.test(err.details));
  const res = await shandong.settle(claimOn(2, "2026-10-12"));
  assert.equal(res.status, ClaimStatus.SETTLED);
  // The settled claim is the registered hospital's own.
  assert.equal((await shandong.get(res.claimId)).record?.claim?.fixmedinsCode, HOSPITAL);
});
