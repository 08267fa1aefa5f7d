// Duplicate billing: a second claim (another msgid) for an encounter and batch already settled is
// rejected by rule D1, even when both arrive at once; a rejected claim frees its encounter. A msgid
// reused by the same platform for another claim is rejected by rule D2.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
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

/** The same encounter billed under different message ids. */
function billing(seq: number, msgSuffix: string, tweak?: (data: Record<string, unknown>) => void): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as unknown as Record<string, unknown> & { msgid: string; input: { data: Record<string, unknown> } };
  m.msgid = m.msgid.slice(0, 26) + msgSuffix;
  tweak?.(m.input.data);
  return new TextEncoder().encode(JSON.stringify(m));
}

test("two claims for one encounter and batch, sent at once: one settles, the other is rejected by D1", async () => {
  const [a, b] = await Promise.all([shandong.settle(billing(1, "0001")), shandong.settle(billing(1, "0002"))]);
  assert.notEqual(a.claimId, b.claimId);
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [ClaimStatus.SETTLED, ClaimStatus.REJECTED].sort());
  const rejected = a.status === ClaimStatus.REJECTED ? a : b;
  const settled = a.status === ClaimStatus.SETTLED ? a : b;
  assert.equal(rejected.settlement?.verdict?.findings[0]?.ruleId, "D1");
  assert.equal(rejected.settlement?.verdict?.findings[0]?.actual, settled.claimId);
  assert.match(new TextDecoder().decode(rejected.payload), /\[D1\]/);
});

test("another charge batch of the same encounter is not a duplicate; a rejected claim frees the encounter", async () => {
  const first = await shandong.settle(billing(2, "0001"));
  assert.equal(first.status, ClaimStatus.SETTLED);
  const secondBatch = await shandong.settle(billing(2, "0002", (d) => (d.chrg_bchno = "B-SECOND")));
  assert.equal(secondBatch.status, ClaimStatus.SETTLED);

  // A claim the insured platform refuses does not keep its encounter.
  const refused = await shandong.settle(billing(3, "0001", (d) => (d.psn_no = "NOTINS0001")));
  assert.equal(refused.status, ClaimStatus.REJECTED);
  const corrected = await shandong.settle(billing(3, "0002"));
  assert.equal(corrected.status, ClaimStatus.SETTLED);
});

test("a msgid used again under another idempotency key is rejected by D2; the same key is the same claim", async () => {
  const original = billing(4, "0001");
  const first = await shandong.settle(original, { idempotencyKey: "counter-4-a" });
  assert.equal(first.status, ClaimStatus.SETTLED);
  // Another encounter (so D1 has nothing to say) sent with the same msgid under a new key.
  const reused = await shandong.settle(billing(4, "0001", (d) => (d.mdtrt_id = "370102202612019999990005")), { idempotencyKey: "counter-4-b" });
  assert.notEqual(reused.claimId, first.claimId);
  assert.equal(reused.status, ClaimStatus.REJECTED);
  const findings = reused.settlement?.verdict?.findings ?? [];
  assert.deepEqual(findings.map((f) => f.ruleId), ["D2"]);
  assert.equal(findings[0]?.actual, first.claimId);
  const again = await shandong.settle(original, { idempotencyKey: "counter-4-a" });
  assert.equal(again.claimId, first.claimId);
  assert.equal(again.status, ClaimStatus.SETTLED);
});
