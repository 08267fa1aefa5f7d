// Per-line results in the insured platform's own dialect, through the public gRPC path on real
// components: an insured platform whose routing entry names fhir-r4 or jinbao-legacy replies to a
// fee-upload-shaped claim (lines without their split) in that dialect, with its per-line results
// (ClaimResponse.item[] / L records); the hub reads them, L1 checks them and the claim settles.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { fhirR4Dialect, jinbaoLegacyDialect } from "@tongxing/dialects";
import { buildNhsaSettleMessage, createSimulatedAdjudicator, ProvinceLinkClient, startSimulatedPlatforms, withoutSplitPayload, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { putPlatform, watchRoutingTable } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let routing: KV;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "line-results-test" });
  routing = await new Kvm(nc).open(Buckets.ROUTING);
});

after(async () => {
  shandong.close();
  platforms.close();
  await nc.drain();
  await hub.stop();
});

for (const [i, dialect] of [fhirR4Dialect, jinbaoLegacyDialect].entries()) {
  test(`an insured platform replying in ${dialect.name} states the split per line; the claim settles on it`, async () => {
    const watched = await watchRoutingTable(routing);
    const entry = watched.table.platform("32");
    watched.stop();
    assert.ok(entry !== undefined);
    await putPlatform(routing, { ...entry, dialect: dialect.name });
    await new Promise((r) => setTimeout(r, 500));
    const link = new ProvinceLinkClient({ address: hub.address, platform: "32", adjudicate: createSimulatedAdjudicator("32"), replyDialect: dialect });
    link.connect();
    try {
      const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 300 + i, insutype: "310", seed: 300 + i });
      const res = await shandong.settle(withoutSplitPayload(message.json), { timeoutMs: 30_000 });
      assert.equal(res.status, ClaimStatus.SETTLED, JSON.stringify(res.settlement?.verdict?.findings.map((f) => `${f.ruleId} ${f.message}`)));
      const results = res.settlement?.adjudication?.feeLines ?? [];
      assert.deepEqual(results.map((r) => r.feedetlSn), message.json.input.feedetail.map((l) => l.feedetl_sn));
      for (const r of results) assert.equal(r.fulamtOwnpayAmt! + r.overlmtAmt! + r.preselfpayAmt! + r.inscpScpAmt!, r.detItemFeeSumamt);
      assert.ok(link.counts.adjudicated >= 1);
    } finally {
      link.close();
    }
  });
}
