// Fault scenario (short form; `npm run test:faults -- --only cluster` runs it larger, and the
// meta-leader variant): a 3-node JetStream cluster (R3, three local nats-server processes), one
// node that is not the meta leader SIGKILLed under load and brought back: nothing lost, nothing
// settled twice, one ledger entry per settlement, the hub keeps answering. The meta-leader variant
// stays by hand (about 85 s in this short form: with this one over the 90 s budget).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { runClusterNodeLoss } from "./cluster-node-loss.js";
import { formatFigures } from "./fault-figures.js";

// After a cluster's churn, @nats-io/jetstream (3.x) can leave a consume()'s idle-heartbeat monitor
// (a 15 s interval, ref'ed) running after its connection closed, and this file's process then
// never exits (seen twice in full runs, by inspecting the hung process's timers). The guard ends
// the process only in that case: an unref'ed timer fires only while something else keeps it alive.
after(() => {
  setTimeout(() => {
    console.error("cluster-node-loss: a leftover JetStream heartbeat monitor kept the process alive; exiting");
    process.exit(process.exitCode ?? 0);
  }, 10_000).unref();
});

test("3-node cluster, a node (not the meta leader) SIGKILLed under load: 0 lost, 0 twice, ledger entries = settlements", { timeout: 240_000 }, async () => {
  const f = await runClusterNodeLoss({ victim: "follower", claims: 36, perSecond: 6 });
  console.log(formatFigures(f));
  assert.equal(f.lost, 0, "lost");
  assert.equal(f.settledTwice, 0, "settled twice");
  assert.equal(f.settled, f.submitted, "all settled");
  assert.equal(f.ledgerEntries, f.settled, "one ledger entry per settlement");
});
