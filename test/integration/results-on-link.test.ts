// Where a final result goes, on real components: a claim sent with SettleClaim is answered on the
// call and kept in SETTLEMENTS, but not pushed again on the submitting platform's link; a claim
// sent with SubmitClaim (nobody waits on a call) has its result pushed on the link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildNhsaSettleMessage, ProvinceLinkClient, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, type SettlementResult } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let insured: SimulatedPlatforms;
let shandongLink: ProvinceLinkClient;
let shandong: GatewayClient;
const pushed: SettlementResult[] = [];

before(async () => {
  hub = await startTestHub();
  insured = startSimulatedPlatforms({ address: hub.address, provinces: ["32"] });
  // Shandong's own link: it is never asked to adjudicate here (every claim is Jiangsu-insured).
  shandongLink = new ProvinceLinkClient({
    address: hub.address,
    platform: "37",
    adjudicate: () => ({ refusal: { code: "UNEXPECTED", message: "not insured here" } }),
    onResult: (r) => pushed.push(r),
  });
  shandongLink.connect();
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  shandongLink.close();
  insured.close();
  await hub.stop();
});

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("a SettleClaim result is answered on the call only; a SubmitClaim result is pushed on the link", async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 31 }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  // Published after the first result, so pushed after it, had the first been pushed at all.
  const submitted = await shandong.submit(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 32 }).payload);
  await until("the submitted claim's result on the link", () => pushed.some((r) => r.claimId === submitted.claimId));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(pushed.map((r) => r.claimId), [submitted.claimId], "only the SubmitClaim result is pushed");
  assert.equal(pushed[0]?.status, ClaimStatus.SETTLED);
  assert.equal((await shandong.get(settled.claimId)).record?.status, ClaimStatus.SETTLED, "the answered claim stays readable");
});

test("resubmitting an answered claim is answered from its record, still not pushed", async () => {
  const payload = buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 33 }).payload;
  const first = await shandong.settle(payload);
  const again = await shandong.settle(payload);
  assert.equal(again.claimId, first.claimId);
  assert.equal(again.duplicate, true);
  assert.equal(again.settlement?.adjudication?.setlId, first.settlement?.adjudication?.setlId);
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!pushed.some((r) => r.claimId === first.claimId));
});
