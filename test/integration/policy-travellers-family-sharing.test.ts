// Temporary travellers and family sharing through the whole hub: a Weihai-insured (371000, its
// own policy) unfiled stay elsewhere settles with a 30 % first self-pay when the insured platform
// computes it and is held (P1) when the platform ignores it; a referral filed with both sides at
// a level-1 hospital settles at 10 % and the level's ratio; a family-sharing payment
// (acct_mulaid_pay) is held (A2) without a binding and settles once the insured platform has
// registered one through FilingRegistry.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, type DescMethodUnary } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, createSimulatedAdjudicator, startSimulatedPlatforms, type PlatformReply, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import {
  AdjudicationSchema,
  ClaimStatus,
  FamilyRelation,
  FilingRegistry,
  FilingSchema,
  FilingType,
  PutFamilyBindingRequestSchema,
  PutFilingRequestSchema,
  type Claim,
  type Filing,
} from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { institutionEntryKey as institutionKey } from "@tongxing/filings";
import { nhsaJsonDialect } from "@tongxing/dialects";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let jiangsu: GatewayClient;
let shandong: GatewayClient;
let nc: NatsConnection;

const IGNORING = "37100000000000000099"; // the Weihai platform wrongly treats this person as a long-term resident
const REFERRED = "37100000000000000077";
const CHILD = "32010000000000000055";
const LEVEL_1_HOSPITAL = "H32010200777";
/** Filings the simulated Weihai/Shandong platform knows of (its own registry), by psn_no. */
const platformFilings = new Map<string, Filing[]>();

const longTerm = (psnNo: string): Filing => create(FilingSchema, { filingNo: "LT1", psnNo, insuplcAdmdvs: "371000", mdtrtareaAdmvs: "320000", filingType: FilingType.LONG_TERM_RESIDENT, begndate: "2025-01-01", enddate: "" });

function shandongAdjudicator(): (claim: Claim) => PlatformReply {
  const knows = createSimulatedAdjudicator("37", { filingsOf: (_insured, psnNo) => platformFilings.get(psnNo) ?? [], institutionLevel: (code) => (code === LEVEL_1_HOSPITAL ? "1" : undefined) });
  const ignores = createSimulatedAdjudicator("37", { filingsOf: (_insured, psnNo) => [longTerm(psnNo)] });
  return (claim) => (claim.person?.psnNo === IGNORING ? ignores(claim) : knows(claim));
}

/** Jiangsu's platform pays 50.00 (or the cash share, if less) of CHILD's care from a parent's account. */
function jiangsuAdjudicator(): (claim: Claim) => PlatformReply {
  const base = createSimulatedAdjudicator("32");
  return (claim) => {
    const reply = base(claim);
    if (claim.person?.psnNo !== CHILD || !("adjudication" in reply)) return reply;
    const a = reply.adjudication;
    return { adjudication: create(AdjudicationSchema, { ...a, acctMulaidPay: a.psnCashPay! < 5_000n ? a.psnCashPay : 5_000n }) };
  };
}

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"], adjudicatorFor: (code) => (code === "37" ? shandongAdjudicator() : jiangsuAdjudicator()) });
  jiangsu = createGatewayClient(hub.address, "32");
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "travellers-test" });
});

after(async () => {
  await nc.drain();
  jiangsu.close();
  shandong.close();
  platforms.close();
  await hub.stop();
});

async function registry(platform: string, method: "putFiling" | "putFamilyBinding", request: object): Promise<unknown> {
  const c = createGrpcClient(FilingRegistry, hub.address, { credentials: hub.pki.credentials(platform) });
  try {
    const m = FilingRegistry.method[method] as DescMethodUnary;
    const req = method === "putFiling" ? create(PutFilingRequestSchema, request) : create(PutFamilyBindingRequestSchema, request);
    return await callUnary(c, m as never, req as never, { metadata: { "x-tongxing-platform": platform }, timeoutMs: 10_000 });
  } finally {
    c.close();
  }
}

/** A Weihai-insured inpatient stay in Nanjing (submitted by Jiangsu), with its eligible amount in fen. */
function weihaiStay(seq: number, psnNo: string, fixmedinsCode?: string): { payload: Uint8Array; inscp: bigint } {
  const m = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "320102", insuredAdmdvs: "371000", seq, seed: 900 + seq, psnNo, insutype: "310" });
  let payload = m.payload;
  if (fixmedinsCode !== undefined) {
    const json = structuredClone(m.json) as unknown as { fixmedins_code: string; msgid: string };
    json.msgid = `${fixmedinsCode}${json.msgid.slice(12)}`;
    json.fixmedins_code = fixmedinsCode;
    payload = new TextEncoder().encode(JSON.stringify(json));
  }
  return { payload, inscp: nhsaJsonDialect.decodeClaim(payload).claim.totals?.inscpScpAmt ?? 0n };
}

/** Weihai's inpatient figures: deductible 800.00, cap 300,000.00; fsp and ratio per mille. */
function expectedHifp(inscp: bigint, fspPermille: bigint, ratioPermille: bigint): bigint {
  const base = inscp - (inscp * fspPermille) / 1000n;
  const dedc = base < 80_000n ? base : 80_000n;
  const hifp = ((base - dedc) * ratioPermille) / 1000n;
  return hifp < 30_000_000n ? hifp : 30_000_000n;
}

test("a Weihai unfiled stay settles with the 30 % first self-pay; the same stay adjudicated without it is held by P1", async () => {
  const agreed = weihaiStay(1, "37100000000000000011");
  assert.ok(agreed.inscp > 200_000n, "a stay well above the deductible");
  const res = await jiangsu.settle(agreed.payload);
  assert.equal(res.status, ClaimStatus.SETTLED, res.settlement?.verdict?.findings.map((f) => f.message).join("; "));
  assert.equal(res.settlement?.adjudication?.adjudicatedBy, "37");
  assert.equal(res.settlement?.adjudication?.hifpPay, expectedHifp(agreed.inscp, 300n, 800n), "30 % first, then the tier-3 ratio");

  const ignored = weihaiStay(2, IGNORING);
  assert.ok(ignored.inscp > 200_000n);
  const held = await jiangsu.settle(ignored.payload);
  assert.equal(held.status, ClaimStatus.HELD);
  const findings = held.settlement?.verdict?.findings ?? [];
  assert.deepEqual(findings.map((f) => f.ruleId), ["P1"]);
  const fsp = (ignored.inscp * 300n) / 1000n;
  assert.equal(findings[0]?.message, `hifp_pay differs from the recomputation under policy 2025-01 of the insured region (ratio 800 ‰, unfiled care: first self-pay 300 ‰ = ${fsp} fen)`);
  assert.equal(findings[0]?.expected, String(expectedHifp(ignored.inscp, 300n, 800n)));
  assert.equal(findings[0]?.actual, String(expectedHifp(ignored.inscp, 0n, 870n)), "no first self-pay, base ratio");
});

test("a referral filed with the hub and the platform, at a level-1 hospital: 10 % first self-pay and 900 ‰", async () => {
  const filing = create(FilingSchema, { filingNo: "WH-REF-1", psnNo: REFERRED, insuplcAdmdvs: "371000", mdtrtareaAdmvs: "320100", filingType: FilingType.REFERRAL, begndate: "2025-01-01", enddate: "" });
  await registry("37", "putFiling", { filing });
  platformFilings.set(REFERRED, [filing]);
  const kv = await new Kvm(nc).open(Buckets.INSTITUTIONS);
  await kv.put(institutionKey("32", LEVEL_1_HOSPITAL), new TextEncoder().encode(JSON.stringify({ name: "南京市社区医院", level: "1" })));
  await new Promise((r) => setTimeout(r, 300));
  // filed for 320100: covers Nanjing's 320100 only, so the stay is in 320100 itself
  const m = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "320100", insuredAdmdvs: "371000", seq: 3, seed: 903, psnNo: REFERRED, insutype: "310" });
  const json = structuredClone(m.json) as unknown as { fixmedins_code: string; msgid: string };
  json.msgid = `${LEVEL_1_HOSPITAL}${json.msgid.slice(12)}`;
  json.fixmedins_code = LEVEL_1_HOSPITAL;
  const payload = new TextEncoder().encode(JSON.stringify(json));
  const inscp = nhsaJsonDialect.decodeClaim(payload).claim.totals?.inscpScpAmt ?? 0n;
  const res = await jiangsu.settle(payload);
  assert.equal(res.status, ClaimStatus.SETTLED, res.settlement?.verdict?.findings.map((f) => f.message).join("; "));
  assert.equal(res.settlement?.adjudication?.hifpPay, expectedHifp(inscp, 100n, 900n));
  assert.equal(res.settlement?.adjudication?.poolPropPermille, 900);
});

test("family sharing: without a binding the payment is held (A2); with the binding registered by the insured platform it settles", async () => {
  const stay = (seq: number) => buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: 950 + seq, psnNo: CHILD, insutype: "390" }).payload;
  const held = await shandong.settle(stay(10));
  assert.equal(held.status, ClaimStatus.HELD);
  const paid = held.settlement?.adjudication?.acctMulaidPay ?? 0n;
  assert.ok(paid > 0n, "a relative's account paid");
  const [f, ...rest] = held.settlement?.verdict?.findings ?? [];
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, "A2");
  assert.equal(f?.message, "acct_mulaid_pay is not 0 but no family-sharing binding with 320100 names the person as beneficiary on the day of care (0 binding(s), none in force)");
  assert.equal(f?.expected, "0");
  assert.equal(f?.actual, String(paid));

  const binding = { bindingNo: "JS-FAM-1", holderPsnNo: "32010000000000000054", beneficiaryPsnNo: CHILD, insuplcAdmdvs: "320100", relation: FamilyRelation.CHILD, begndate: "2025-01-01", enddate: "" };
  await assert.rejects(registry("37", "putFamilyBinding", { binding }), (e: ServiceError) => e.code === GrpcStatus.PERMISSION_DENIED && /authz\.insured-region/.test(e.details), "only the insured platform binds");
  await assert.rejects(registry("32", "putFamilyBinding", { binding: { ...binding, holderPsnNo: CHILD } }), (e: ServiceError) => e.code === GrpcStatus.INVALID_ARGUMENT, "not one's own account");
  await registry("32", "putFamilyBinding", { binding });
  const settled = await shandong.settle(stay(11));
  assert.equal(settled.status, ClaimStatus.SETTLED, settled.settlement?.verdict?.findings.map((x) => x.message).join("; "));
  assert.ok((settled.settlement?.adjudication?.acctMulaidPay ?? 0n) > 0n);
});
