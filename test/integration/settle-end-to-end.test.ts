// A Shandong hospital's national-format 2207 claim for a Jiangsu-insured patient, through the
// whole hub on real components: nats-server (spawned), gRPC on loopback, the simulated platforms.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parse } from "lossless-json";
import { parseYuanToFen } from "@tongxing/domain";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, VerdictOutcome } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { adjudicate } from "@tongxing/loadtest";
import { policyFor } from "@tongxing/loadtest";
import { nhsaJsonDialect } from "@tongxing/dialects";

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

/** Reads the national response with numbers kept as their text, amounts as fen. */
function setlinfoFen(payload: Uint8Array): { infcode: string; fen: (name: string) => bigint; text: (name: string) => string } {
  const message = parse(new TextDecoder().decode(payload), null, (digits) => digits) as {
    infcode: string;
    output: { setlinfo?: Record<string, string> };
  };
  const info = message.output.setlinfo ?? {};
  return {
    infcode: message.infcode,
    text: (name) => String(info[name]),
    fen: (name) => {
      const parsed = parseYuanToFen(String(info[name]));
      assert.ok(parsed.ok, `${name} is an exact amount`);
      return parsed.value;
    },
  };
}

test("a Shandong 2207 claim for a Jiangsu-insured patient settles with Jiangsu's amounts, I1–I4 hold", async () => {
  const message = buildNhsaSettleMessage({
    kind: "outpatient",
    treatmentAdmdvs: "370102",
    insuredAdmdvs: "320100",
    seq: 1,
    insutype: "310",
    seed: 42,
  });
  const res = await shandong.settle(message.payload);
  assert.equal(res.status, ClaimStatus.SETTLED);
  assert.equal(res.settlement?.verdict?.outcome, VerdictOutcome.APPROVE);
  assert.equal(res.settlement?.adjudication?.adjudicatedBy, "32");

  // The amounts are Jiangsu's policy applied to this claim (first claim of this person).
  const claim = nhsaJsonDialect.decodeClaim(message.payload).claim;
  const policy = policyFor("32");
  const expected = adjudicate(claim, policy, { setlId: "x", setlTime: "", accountBalanceFen: policy.accountBalanceFen, adjudicatedBy: "32" });
  assert.ok("adjudication" in expected);
  const r = setlinfoFen(res.payload);
  assert.equal(r.infcode, "0");
  assert.equal(r.fen("medfee_sumamt"), claim.totals?.medfeeSumamt);
  assert.equal(r.fen("hifp_pay"), expected.adjudication.hifpPay);
  assert.equal(r.fen("fund_pay_sumamt"), expected.adjudication.fundPaySumamt);
  assert.equal(r.fen("acct_pay"), expected.adjudication.acctPay);
  assert.equal(r.fen("psn_cash_pay"), expected.adjudication.psnCashPay);
  assert.match(r.text("medfee_sumamt"), /^\d+\.\d\d$/, "amounts are rendered with two decimals");

  // I1–I4 on the rendered response (Jiangsu reports fund_pay_sumamt without the account).
  const f = r.fen;
  assert.equal(f("medfee_sumamt"), f("inscp_scp_amt") + f("preselfpay_amt") + f("fulamt_ownpay_amt") + f("overlmt_selfpay"), "I1");
  assert.equal(f("medfee_sumamt"), f("fund_pay_sumamt") + f("psn_part_amt") + f("hosp_part_amt"), "I2");
  assert.equal(f("psn_part_amt"), f("acct_pay") + f("psn_cash_pay"), "I3");
  const funds = ["hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay"].reduce((s, n) => s + f(n), 0n);
  assert.equal(f("fund_pay_sumamt"), funds, "I4");

  // The record has the whole ordered history.
  const got = await shandong.get(res.claimId);
  const statuses = got.record?.events.map((e) => e.status);
  assert.deepEqual(statuses, [
    ClaimStatus.RECEIVED,
    ClaimStatus.ROUTED,
    ClaimStatus.DELIVERED,
    ClaimStatus.ADJUDICATED,
    ClaimStatus.APPROVED,
    ClaimStatus.SETTLED,
  ]);
  assert.ok(got.record?.events.every((e) => e.traceId === got.record?.events[0]?.traceId && e.traceId.length === 32));
});

test("the same claim resubmitted 5 times gives one claim id and one settlement", async () => {
  const message = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 7 });
  const before = platforms.clients.get("32")?.counts.adjudicated ?? 0;
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await shandong.settle(message.payload));
  assert.equal(new Set(answers.map((a) => a.claimId)).size, 1);
  assert.ok(answers.every((a) => a.status === ClaimStatus.SETTLED));
  assert.deepEqual(answers.map((a) => a.duplicate), [false, true, true, true, true]);
  assert.equal(new Set(answers.map((a) => a.settlement?.adjudication?.setlId)).size, 1, "one settlement id");
  assert.equal((platforms.clients.get("32")?.counts.adjudicated ?? 0) - before, 1, "adjudicated once");
  const record = (await shandong.get(answers[0]?.claimId ?? "")).record;
  assert.equal(record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1);
});

test("a platform sees only its own claims", async () => {
  const message = buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 9 });
  const res = await shandong.settle(message.payload);
  const guangdong = createGatewayClient(hub.address, "44");
  try {
    await assert.rejects(guangdong.get(res.claimId), (err: { code?: number }) => err.code === 5 /* NOT_FOUND */);
    const jiangsu = createGatewayClient(hub.address, "32");
    assert.equal((await jiangsu.get(res.claimId)).record?.status, ClaimStatus.SETTLED, "the insured platform sees it");
    jiangsu.close();
  } finally {
    guangdong.close();
  }
});
