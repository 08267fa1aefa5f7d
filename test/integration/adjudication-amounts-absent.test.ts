// Absent is not zero for the insured platform's amounts, through the public gRPC path on real
// components (nats-server, gRPC over loopback with mTLS, a simulated Jiangsu platform answering in
// the national JSON dialect, a simulated Guangdong one answering in canonical form): a reply that
// leaves out fund_pay_sumamt gets the claim a clear answer
// naming the field (REJECTED, INVALID_ADJUDICATION), never a settlement computed with 0; a reply
// that leaves out optional components settles, and the hub keeps them absent, not 0.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { nhsaJsonDialect } from "@tongxing/dialects";
import { buildNhsaSettleMessage, createSimulatedAdjudicator, ProvinceLinkClient, startSimulatedPlatforms, type PlatformReply, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AdjudicationSchema, ClaimStatus, type Claim } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let jiangsu: ProvinceLinkClient;
let shandong: GatewayClient;

/** Persons whose reply leaves out the fund total (required). */
const NO_FUND_TOTAL = "32010000000000000555";
/** Persons whose reply leaves out the optional components the settlement does not use. */
const NO_COMPONENTS = "32010000000000000556";

/** A Guangdong person whose canonical reply leaves out the fund total. */
const NO_FUND_TOTAL_44 = "44030000000000000555";

function withoutFundFor(psnNo: string, base: (claim: Claim) => PlatformReply): (claim: Claim) => PlatformReply {
  return (claim) => {
    const reply = base(claim);
    if (claim.person?.psnNo !== psnNo || !("adjudication" in reply)) return reply;
    return { adjudication: create(AdjudicationSchema, { ...reply.adjudication, fundPaySumamt: undefined }) };
  };
}

function jiangsuAdjudicator(): (claim: Claim) => PlatformReply {
  const base = createSimulatedAdjudicator("32");
  return (claim) => {
    const reply = base(claim);
    if (!("adjudication" in reply)) return reply;
    const a = reply.adjudication;
    switch (claim.person?.psnNo) {
      case NO_FUND_TOTAL:
        return { adjudication: create(AdjudicationSchema, { ...a, fundPaySumamt: undefined }) };
      case NO_COMPONENTS:
        // Residents: no account, no supplementary funds; the platform states none of them.
        return { adjudication: create(AdjudicationSchema, { ...a, cvlservPay: undefined, hifesPay: undefined, hifmiPay: undefined, hifobPay: undefined, mafPay: undefined, othPay: undefined, acctPay: undefined, acctMulaidPay: undefined, hospPartAmt: undefined, balc: undefined }) };
      default:
        return reply;
    }
  };
}

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({
    address: hub.address,
    provinces: ["37", "44"],
    adjudicatorFor: (code) => (code === "44" ? withoutFundFor(NO_FUND_TOTAL_44, createSimulatedAdjudicator("44")) : createSimulatedAdjudicator(code)),
  });
  // Jiangsu's routing entry names the national JSON dialect: its replies are national settle responses.
  jiangsu = new ProvinceLinkClient({ address: hub.address, platform: "32", adjudicate: jiangsuAdjudicator(), replyDialect: nhsaJsonDialect });
  jiangsu.connect();
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  jiangsu.close();
  platforms.close();
  await hub.stop();
});

test("a reply without fund_pay_sumamt: the claim is rejected naming output.setlinfo.fund_pay_sumamt, nothing settled with 0", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 81, insutype: "390", psnNo: NO_FUND_TOTAL, seed: 81 });
  const res = await shandong.settle(message.payload, { timeoutMs: 30_000 });
  assert.equal(res.status, ClaimStatus.REJECTED);
  assert.equal(res.settlement?.refusal?.code, "INVALID_ADJUDICATION");
  assert.match(res.settlement?.refusal?.message ?? "", /output\.setlinfo\.fund_pay_sumamt: is required/);
  const record = (await shandong.get(res.claimId)).record;
  assert.equal(record?.status, ClaimStatus.REJECTED);
  assert.equal(record?.adjudication, undefined, "no adjudication was kept, so no settlement with fund_pay_sumamt 0");
  // The answer in the counter's own dialect names it too.
  const answer = JSON.parse(new TextDecoder().decode(res.payload)) as { infcode: string; err_msg: string };
  assert.equal(answer.infcode, "-1");
  assert.match(answer.err_msg, /fund_pay_sumamt/);
});

test("a reply without the optional components settles; they stay absent in the record, not 0", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 82, insutype: "390", psnNo: NO_COMPONENTS, seed: 82 });
  const res = await shandong.settle(message.payload, { timeoutMs: 30_000 });
  assert.equal(res.status, ClaimStatus.SETTLED, JSON.stringify(res.settlement?.verdict?.findings.map((f) => `${f.ruleId} ${f.message}`)));
  const a = (await shandong.get(res.claimId)).record?.adjudication;
  assert.ok(a !== undefined);
  for (const field of ["cvlservPay", "hifesPay", "acctPay", "acctMulaidPay", "hospPartAmt", "balc"] as const) assert.equal(a[field], undefined, field);
  assert.ok(a.fundPaySumamt !== undefined && a.hifpPay !== undefined);
  // The answer leaves them out too (absent is not written as 0.00).
  const setlinfo = (JSON.parse(new TextDecoder().decode(res.payload)) as { output: { setlinfo: Record<string, unknown> } }).output.setlinfo;
  assert.equal("acct_pay" in setlinfo, false);
  assert.equal("balc" in setlinfo, false);
  assert.equal(typeof setlinfo.fund_pay_sumamt, "number");
});

test("a canonical adjudication without fund_pay_sumamt: the claim is rejected naming fund_pay_sumamt", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440300", seq: 83, insutype: "390", psnNo: NO_FUND_TOTAL_44, seed: 83 });
  const res = await shandong.settle(message.payload, { timeoutMs: 30_000 });
  assert.equal(res.status, ClaimStatus.REJECTED);
  assert.equal(res.settlement?.refusal?.code, "INVALID_ADJUDICATION");
  assert.match(res.settlement?.refusal?.message ?? "", /insured platform 44.*fund_pay_sumamt: is required/);
  assert.equal((await shandong.get(res.claimId)).record?.adjudication, undefined);
});
