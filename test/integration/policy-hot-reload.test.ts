// The auditor recomputes each adjudication with the insured region's policy from the policies
// bucket, hot-reloaded: after an operator changes Jiangsu's policy (and the Jiangsu platform has
// not), Jiangsu's adjudications no longer match and are held for review (P1).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { DEFAULT_INSURED_POLICIES, putPolicy } from "@tongxing/policy";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "policy-test" });
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

const claim = (seq: number) => buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq, insutype: "390" }).payload;

test("a policy change applies to the next claim without a restart; a mismatch is held with P1", async () => {
  assert.equal((await shandong.settle(claim(1))).status, ClaimStatus.SETTLED, "policy and platform agree");

  const jiangsu = DEFAULT_INSURED_POLICIES.get("32")!;
  const old = jiangsu.versions[0]!;
  const newer = { ...old, version: "2026-test", effectiveFrom: "2026-01-01T00:00:00+08:00", poolRatioPermille: { ...old.poolRatioPermille, inpatient: old.poolRatioPermille.inpatient - 100 } };
  await putPolicy(await new Kvm(nc).open(Buckets.POLICIES), { province: "32", versions: [old, newer] });
  await new Promise((r) => setTimeout(r, 300));

  const held = await shandong.settle(claim(2));
  assert.equal(held.status, ClaimStatus.HELD);
  const f = held.settlement?.verdict?.findings.find((x) => x.ruleId === "P1");
  assert.ok(f, "P1 finding");
  assert.match(f.message, /hifp_pay .* 2026-test/);
  assert.notEqual(f.expected, f.actual);
});

test("a pooling region's own policy wins over its province's", async () => {
  const jiangsu = DEFAULT_INSURED_POLICIES.get("32")!;
  const base = jiangsu.versions[0]!;
  const kv = await new Kvm(nc).open(Buckets.POLICIES);
  await putPolicy(kv, jiangsu); // province back to the platform's numbers
  // Suzhou (320500) has its own, different pool: claims insured there are held, Nanjing's settle.
  await putPolicy(kv, { province: "320500", versions: [{ ...base, version: "suzhou-2026", poolRatioPermille: { ...base.poolRatioPermille, inpatient: base.poolRatioPermille.inpatient - 50 } }] });
  await new Promise((r) => setTimeout(r, 300));
  const nanjing = await shandong.settle(buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 10, seed: 10, insutype: "390" }).payload);
  assert.equal(nanjing.status, ClaimStatus.SETTLED);
  const suzhou = await shandong.settle(buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320500", seq: 11, seed: 11, insutype: "390" }).payload);
  assert.equal(suzhou.status, ClaimStatus.HELD);
  assert.match(suzhou.settlement?.verdict?.findings.find((f) => f.ruleId === "P1")?.message ?? "", /suzhou-2026/);
});
