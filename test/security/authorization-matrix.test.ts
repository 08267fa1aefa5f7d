// The authorization matrix, cell by cell: every RPC tried by every party of a claim — its
// treatment platform (37, Shandong), its insured platform (32, Jiangsu) and a bystander (44,
// Guangdong) — each over its own real mTLS connection with its own client certificate. Exactly
// the allowed cells succeed; a refused one is PERMISSION_DENIED naming the rule, or NOT_FOUND
// where the rule is that someone else's claim does not exist for you.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, toBinary, type DescMessage, type DescMethodUnary } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildNhsaSettleMessage, ProvinceLinkClient, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import {
  ClaimGateway,
  ClaimStatus,
  FamilyRelation,
  ProvinceLink,
  FilingRegistry,
  FilingType,
  InstitutionRegistry,
  InstitutionStatus,
  Reconciliation,
  ReconcileSide,
  SettlementCancelSchema,
  type Claim,
  type ReconcileDetail,
  type SettleClaimResponse,
} from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { startTestHub, type TestHub } from "@tongxing/testkit";

const TREATMENT = "37";
const INSURED = "32";
const BYSTANDER = "44";
const PARTIES = [TREATMENT, INSURED, BYSTANDER] as const;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let hub: TestHub;
let platforms: SimulatedPlatforms;
/** The bystander's own link: it must never be handed the others' claims or results. */
let bystanderLink: ProvinceLinkClient;
const bystanderSaw: string[] = [];

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: [TREATMENT, INSURED] });
  bystanderLink = new ProvinceLinkClient({
    address: hub.address,
    platform: BYSTANDER,
    adjudicate: (claim: Claim) => {
      bystanderSaw.push(`delivery ${claim.claimId}`);
      return { refusal: { code: "WRONG_PLATFORM", message: "not mine" } };
    },
    onResult: (r) => bystanderSaw.push(`result ${r.claimId}`),
  });
  bystanderLink.connect();
});

after(async () => {
  bystanderLink.close();
  platforms.close();
  await hub.stop();
});

/** Calls one unary method as `platform`, on a channel carrying that platform's client certificate. */
async function as<I extends DescMessage, O extends DescMessage>(platform: string, method: DescMethodUnary<I, O>, service: Parameters<typeof createGrpcClient>[0], request: unknown) {
  const c = createGrpcClient(service, hub.address, { credentials: hub.pki.credentials(platform) });
  try {
    return await callUnary(c, method as never, create(method.input, request as never) as never, { timeoutMs: 20_000 });
  } finally {
    c.close();
  }
}

/** The outcome of a call as a matrix cell: "ok", or the status code name and the rule. */
async function cell(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (err) {
    const e = err as ServiceError;
    const rule = /^(authz\.[a-z-]+)/.exec(e.details ?? "")?.[1];
    return `${GrpcStatus[e.code]}${rule === undefined ? "" : ` ${rule}`}`;
  }
}

function claimPayload(seq: number): Uint8Array {
  return buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: 500 + seq }).payload;
}

let settled: SettleClaimResponse;

test("SubmitClaim and SettleClaim: only the platform serving the treatment region (authz.treatment-region)", async () => {
  const submit: Record<string, string> = {};
  const settle: Record<string, string> = {};
  for (const p of PARTIES) {
    submit[p] = await cell(as(p, ClaimGateway.method.submitClaim, ClaimGateway, { dialect: "nhsa-json", payload: claimPayload(1) }));
    settle[p] = await cell(as(p, ClaimGateway.method.settleClaim, ClaimGateway, { dialect: "nhsa-json", payload: claimPayload(2) }));
  }
  const denied = "PERMISSION_DENIED authz.treatment-region";
  assert.deepEqual(submit, { [TREATMENT]: "ok", [INSURED]: denied, [BYSTANDER]: denied });
  assert.deepEqual(settle, { [TREATMENT]: "ok", [INSURED]: denied, [BYSTANDER]: denied });
  settled = (await as(TREATMENT, ClaimGateway.method.settleClaim, ClaimGateway, { dialect: "nhsa-json", payload: claimPayload(2) })) as SettleClaimResponse;
  assert.equal(settled.status, ClaimStatus.SETTLED);
  assert.equal(settled.duplicate, true, "the denied attempts stored nothing under another submitter; the treatment side's own claim is the one");
});

test("GetClaim: the submitter and the insurer see the claim; anyone else gets NOT_FOUND", async () => {
  const got: Record<string, string> = {};
  for (const p of PARTIES) got[p] = await cell(as(p, ClaimGateway.method.getClaim, ClaimGateway, { claimId: settled.claimId }));
  assert.deepEqual(got, { [TREATMENT]: "ok", [INSURED]: "ok", [BYSTANDER]: "NOT_FOUND" });
});

test("Reconciliation: each platform reads only its own side; the bystander's day holds none of the claim", async () => {
  const claimsOf = async (p: string, side: ReconcileSide) => {
    // Totals that cannot match make the hub list its claims of the caller's side.
    const res = (await as(p, Reconciliation.method.reconcileTotals, Reconciliation, { date: today, side, totals: { count: 0 } })) as unknown as { hubDetails: ReconcileDetail[] };
    return res.hubDetails.map((d) => d.claimId);
  };
  assert.ok((await claimsOf(TREATMENT, ReconcileSide.TREATMENT)).includes(settled.claimId), "treatment side");
  assert.ok((await claimsOf(INSURED, ReconcileSide.INSURED)).includes(settled.claimId), "insured side");
  assert.ok(!(await claimsOf(INSURED, ReconcileSide.TREATMENT)).includes(settled.claimId), "the insurer did not treat it");
  for (const side of [ReconcileSide.TREATMENT, ReconcileSide.INSURED]) assert.deepEqual(await claimsOf(BYSTANDER, side), [], "the bystander");
  // Per-claim detail: with none reported, the hub names each of the caller's claims as missing.
  const setlId = settled.settlement?.adjudication?.setlId ?? "";
  const missingOf = async (p: string, side: ReconcileSide) => {
    const res = (await as(p, Reconciliation.method.reconcileDetails, Reconciliation, { date: today, side, details: [] })) as unknown as { differences: { setlId: string }[] };
    return res.differences.map((d) => d.setlId);
  };
  assert.ok((await missingOf(TREATMENT, ReconcileSide.TREATMENT)).includes(setlId));
  assert.ok((await missingOf(INSURED, ReconcileSide.INSURED)).includes(setlId));
  for (const side of [ReconcileSide.TREATMENT, ReconcileSide.INSURED]) assert.ok(!(await missingOf(BYSTANDER, side)).includes(setlId), "the bystander");
});

const filing = { filingNo: "MATRIX-1", psnNo: "32010000000000000777", insuplcAdmdvs: "320100", mdtrtareaAdmvs: "370000", filingType: FilingType.LONG_TERM_RESIDENT, begndate: "2025-01-01", enddate: "" };
const binding = { bindingNo: "MATRIX-FAM-1", holderPsnNo: "32010000000000000778", beneficiaryPsnNo: "32010000000000000779", insuplcAdmdvs: "320100", relation: FamilyRelation.CHILD, begndate: "2025-01-01", enddate: "" };

test("FilingRegistry: filings and family bindings only by the platform insuring the person (authz.insured-region)", async () => {
  const denied = "PERMISSION_DENIED authz.insured-region";
  const rows: Record<string, Record<string, string>> = {};
  // The insurer goes last in each row so its put exists for its cancel.
  for (const p of [TREATMENT, BYSTANDER, INSURED]) {
    rows[p] = {
      putFiling: await cell(as(p, FilingRegistry.method.putFiling, FilingRegistry, { filing })),
      cancelFiling: await cell(as(p, FilingRegistry.method.cancelFiling, FilingRegistry, { psnNo: filing.psnNo, insuplcAdmdvs: filing.insuplcAdmdvs, filingNo: filing.filingNo })),
      putFamilyBinding: await cell(as(p, FilingRegistry.method.putFamilyBinding, FilingRegistry, { binding })),
      cancelFamilyBinding: await cell(as(p, FilingRegistry.method.cancelFamilyBinding, FilingRegistry, { beneficiaryPsnNo: binding.beneficiaryPsnNo, insuplcAdmdvs: binding.insuplcAdmdvs, bindingNo: binding.bindingNo })),
    };
  }
  const all = (v: string) => ({ putFiling: v, cancelFiling: v, putFamilyBinding: v, cancelFamilyBinding: v });
  assert.deepEqual(rows, { [TREATMENT]: all(denied), [BYSTANDER]: all(denied), [INSURED]: all("ok") });
});

test("ProvinceLink: the bystander's link was handed no claim and no result of the others", async () => {
  // The insured platform's link adjudicated the claims above (they settled); the bystander's
  // link, connected all along with its own certificate, saw nothing.
  assert.ok(bystanderLink.counts.adjudicated === 0 && bystanderLink.counts.results === 0, bystanderSaw.join(", "));
  assert.ok((platforms.clients.get(INSURED)?.counts.adjudicated ?? 0) >= 2, "the insurer's link got them");
});

test("CancelSettlement: only the submitter reverses; the insurer and the bystander find no such settlement", async () => {
  const got = (await as(TREATMENT, ClaimGateway.method.getClaim, ClaimGateway, { claimId: settled.claimId })) as { record?: { claim?: Claim } };
  const claim = got.record?.claim;
  const request = (msgid: string) => ({
    dialect: "canonical",
    payload: toBinary(SettlementCancelSchema, create(SettlementCancelSchema, { setlId: settled.settlement?.adjudication?.setlId ?? "", mdtrtId: claim?.encounter?.mdtrtId ?? "", psnNo: claim?.person?.psnNo ?? "", msgid, infno: "2208" })),
  });
  const cells: Record<string, string> = {};
  for (const [i, p] of [INSURED, BYSTANDER, TREATMENT].entries()) cells[p] = await cell(as(p, ClaimGateway.method.cancelSettlement, ClaimGateway, request(`MATRIXCANCEL00000000000000${i}`)));
  assert.deepEqual(cells, { [INSURED]: "NOT_FOUND", [BYSTANDER]: "NOT_FOUND", [TREATMENT]: "ok" });
});

test("PreSettleClaim: only the platform serving the treatment region (authz.treatment-region)", async () => {
  const json = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 9, seed: 509 }).json;
  const payload = new TextEncoder().encode(JSON.stringify({ ...json, infno: "2206" }));
  const cells: Record<string, string> = {};
  for (const p of PARTIES) cells[p] = await cell(as(p, ClaimGateway.method.preSettleClaim, ClaimGateway, { dialect: "nhsa-json", payload }));
  const denied = "PERMISSION_DENIED authz.treatment-region";
  assert.deepEqual(cells, { [TREATMENT]: "ok", [INSURED]: denied, [BYSTANDER]: denied });
});

test("InstitutionRegistry: only the platform serving the institution's region manages it (authz.institution-region); anyone reads its status", async () => {
  // An institution in the treatment platform's region (370102), networked from a past day.
  const institution = { fixmedinsCode: "H37010299901", fixmedinsName: "矩阵测试医院", admdvs: "370102", level: "2", changes: [{ status: InstitutionStatus.NETWORKED, effectiveDate: "2025-01-01" }] };
  const put: Record<string, string> = {};
  const status: Record<string, string> = {};
  for (const p of [INSURED, BYSTANDER, TREATMENT]) put[p] = await cell(as(p, InstitutionRegistry.method.putInstitution, InstitutionRegistry, { institution }));
  for (const p of PARTIES) {
    const res = (await as(p, InstitutionRegistry.method.getInstitutionStatus, InstitutionRegistry, { fixmedinsCode: institution.fixmedinsCode, admdvs: institution.admdvs, date: today })) as unknown as { networked: boolean };
    status[p] = res.networked ? "networked" : "not networked";
  }
  const denied = "PERMISSION_DENIED authz.institution-region";
  assert.deepEqual(put, { [INSURED]: denied, [BYSTANDER]: denied, [TREATMENT]: "ok" });
  assert.deepEqual(status, { [TREATMENT]: "networked", [INSURED]: "networked", [BYSTANDER]: "networked" }, "every platform reads the entry its own province put");
});

test("every RPC of the hub's services is in this matrix", () => {
  const tried = new Set(["SubmitClaim", "SettleClaim", "PreSettleClaim", "GetClaim", "CancelSettlement", "PutFiling", "CancelFiling", "PutFamilyBinding", "CancelFamilyBinding", "ReconcileTotals", "ReconcileDetails", "Connect", "PutInstitution", "GetInstitutionStatus"]);
  const all = [ClaimGateway, FilingRegistry, Reconciliation, InstitutionRegistry, ProvinceLink].flatMap((s) => s.methods.map((m) => m.name));
  for (const name of all) assert.ok(tried.has(name), `${name} is tried`);
});
