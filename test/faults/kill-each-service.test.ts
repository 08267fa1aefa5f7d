// Fault scenario (short form; `npm run test:faults` runs the long one): every service SIGKILLed
// in turn under load and started again: nothing lost, nothing settled twice, one ledger entry
// per settlement.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFigures } from "./fault-figures.js";
import { runKillEachService } from "./kill-each-service.js";

test("SIGKILL of each service in turn under load: 0 lost, 0 twice, ledger entries = settlements", async () => {
  const f = await runKillEachService({ claims: 36, perSecond: 6, downMs: 500 });
  console.log(formatFigures(f));
  assert.equal(f.lost, 0, "lost");
  assert.equal(f.settledTwice, 0, "settled twice");
  assert.equal(f.settled, f.submitted, "all settled");
  assert.equal(f.ledgerEntries, f.settled, "one ledger entry per settlement");
});
