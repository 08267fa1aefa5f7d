// Fraud signals across claims of one person, from the history the auditor keeps: a third pharmacy
// purchase in a day and an inpatient stay overlapping another are held for review.
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

function message(kind: "pharmacy" | "inpatient", seq: number, psnNo: string, begin: string, end: string): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq, psnNo, insutype: "390" }).json) as unknown as { input: { data: Record<string, unknown> } };
  Object.assign(m.input.data, { begntime: begin, endtime: end });
  return new TextEncoder().encode(JSON.stringify(m));
}

test("the third pharmacy purchase of a person in one day is held (M1)", async () => {
  const psn = "32010088880000000001";
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    const at = `2026-05-10 1${i}:00:00`;
    statuses.push((await shandong.settle(message("pharmacy", 100 + i, psn, at, at))).status);
  }
  assert.deepEqual(statuses, [ClaimStatus.SETTLED, ClaimStatus.SETTLED, ClaimStatus.HELD]);
});

test("an inpatient stay overlapping the person's settled stay is held (O1)", async () => {
  const psn = "32010088880000000002";
  const first = await shandong.settle(message("inpatient", 200, psn, "2026-04-01 08:00:00", "2026-04-10 10:00:00"));
  assert.equal(first.status, ClaimStatus.SETTLED);
  const overlap = await shandong.settle(message("inpatient", 201, psn, "2026-04-05 08:00:00", "2026-04-12 10:00:00"));
  assert.equal(overlap.status, ClaimStatus.HELD);
  assert.ok(overlap.settlement?.verdict?.findings.some((f) => f.ruleId === "O1"));
  const later = await shandong.settle(message("inpatient", 202, psn, "2026-04-20 08:00:00", "2026-04-25 10:00:00"));
  assert.equal(later.status, ClaimStatus.SETTLED, "a later stay is fine");
});
