// `npm run test:faults [-- --claims N --per-second R]`: runs every fault scenario at a larger size
// than npm test does and prints, for each, submitted, settled, lost, settled twice and ledger
// entries. Exit 1 if any scenario lost a claim, settled one twice or posted a ledger entry per
// settlement other than one. Figures go in docs/reliability.md.
import { parseArgs } from "node:util";
import { runClusterNodeLoss } from "./cluster-node-loss.js";
import { figuresHold, formatFigures, type FaultFigures } from "./fault-figures.js";
import { runKillEachService } from "./kill-each-service.js";

const { values } = parseArgs({
  options: {
    claims: { type: "string", default: "150" },
    "per-second": { type: "string", default: "10" },
    only: { type: "string" },
  },
});
const claims = Number(values.claims);
const perSecond = Number(values["per-second"]);
const scenarios: [string, () => Promise<FaultFigures>][] = [
  ["kill-each-service", () => runKillEachService({ claims, perSecond })],
  ["cluster-follower", () => runClusterNodeLoss({ victim: "follower", claims, perSecond })],
  ["cluster-meta-leader", () => runClusterNodeLoss({ victim: "meta-leader", claims, perSecond })],
];
let failed = false;
for (const [name, run] of scenarios) {
  if (values.only !== undefined && !name.includes(values.only)) continue;
  try {
    const f = await run();
    console.log(formatFigures(f));
    if (!figuresHold(f)) failed = true;
  } catch (err) {
    console.log(`${name}: FAILED to run: ${err instanceof Error ? err.stack : String(err)}`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
