// Smoke test of `npm run bench:scale` at its smallest size: a real 3-node JetStream cluster
// (replicas 3), 2 translators, 2 routers and 2 auditors as processes, the 31 simulated platforms
// spread over both translators (two of them linked to both), SettleClaim calls spread over both
// addresses; every claim must be settled exactly once, whichever instances handled it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openClaimStore } from "@tongxing/claim-store";
import { connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { prepareNationalMix } from "../load/national-mix.js";
import { scrape, startScaleHub, type ScaleHub } from "./scale-hub.js";
import { settleClosedLoop } from "./closed-loop.js";
import { checkLedger } from "./scale-scenario.js";
import { createSettleLoad } from "./settle-load.js";

const CLAIMS = 300;

test("scale scenario, smallest size: 3-node cluster, 2 of each service, every claim settled exactly once", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-scale-test-"));
  let hub: ScaleHub | undefined;
  try {
    hub = await startScaleHub({
      instances: 2,
      storeDir: join(dir, "nats"),
      logDir: join(dir, "logs"),
      multiLinkProvinces: ["44", "37"],
      logLevel: "info",
      say: () => {},
    });
    assert.equal(hub.cluster.nodes.length, 3);
    assert.equal(hub.links, 33, "31 platforms, two of them linked to both translators");

    const load = createSettleLoad({ addresses: hub.translators.map((t) => t.address), channelsPerAddress: 1, timeoutMs: 30_000 });
    const ids = new Set<string>();
    let run;
    try {
      run = await settleClosedLoop(load, prepareNationalMix(CLAIMS, 11), 64, 45, ids);
    } finally {
      load.close();
    }
    assert.equal(run.errors, 0, run.firstError);
    assert.ok(run.loadGeneratorCore > 0 && run.loadGeneratorCore < 4, `the load generator's CPU is measured: ${run.loadGeneratorCore}`);
    assert.equal(run.settled, CLAIMS);
    assert.equal(ids.size, CLAIMS, "distinct claim ids");
    for (const t of hub.translators) assert.ok((load.answeredBy.get(t.address) ?? 0) > 0, `${t.name} answered SettleClaim calls`);

    // Exactly once: one ledger entry per claim and no other, one decision per claim across the
    // auditors, and every record SETTLED.
    const ledger = await checkLedger(hub.cluster.url, ids);
    assert.deepEqual(ledger, { settledClaims: CLAIMS, ledgerEntries: CLAIMS, missing: 0, duplicates: 0 });
    const [decided, routed, linkReplies, resultsReceived] = await Promise.all([
      scrape(hub.auditors, "tongxing_claims_total"),
      scrape(hub.routers, "tongxing_route_duration_seconds_count"),
      scrape(hub.translators, "tongxing_link_reply_duration_seconds_count"),
      scrape(hub.translators, "tongxing_results_received_total"),
    ]);
    // Each result goes to the translator whose call waits, not to all of them (2 × CLAIMS or more
    // here if results were fanned out); a result republished after a redelivery is heard again,
    // hence the margin.
    const received = resultsReceived.reduce((a, b) => a + b, 0);
    assert.ok(received >= CLAIMS && received < CLAIMS * 1.5, `each result received by one translator (per translator: ${resultsReceived.join(", ")})`);
    assert.equal(decided.reduce((a, b) => a + b, 0), CLAIMS, `decided once each (per auditor: ${decided.join(", ")})`);
    // Routed once, at intake (docs/design/claim-path.md): the routers route none of these claims.
    assert.equal(routed.reduce((a, b) => a + b, 0), 0, `routed at intake, not by a router (per router: ${routed.join(", ")})`);
    assert.equal(linkReplies.reduce((a, b) => a + b, 0), CLAIMS, `adjudicated once each (per translator: ${linkReplies.join(", ")})`);
    for (const [what, counts] of [["auditor", decided], ["translator link", linkReplies]] as const) {
      assert.ok(counts.every((c) => c > 0), `every ${what} instance took part: ${counts.join(", ")}`);
    }

    const nc = await connectNats({ servers: hub.cluster.url, name: "scale-test" });
    try {
      const store = await openClaimStore(nc);
      for (const id of ids) {
        const stored = await store.read(id);
        assert.ok(stored !== undefined, `record of ${id}`);
        assert.equal(stored.record.status, ClaimStatus.SETTLED, `record of ${id}`);
      }
    } finally {
      await nc.close();
    }
  } finally {
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
