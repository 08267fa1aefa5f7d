// `npm run replay -- (--claim ID | --reason R | --since T [--until T]) [--apply] [--nats URL]`:
// shows which dead letters it would put back and why (a dry run, changing nothing), and with
// --apply re-publishes them to their original subjects with their original Nats-Msg-Id.
// Exit 0 done, 1 a replay failed, 2 bad arguments.
import { readFileSync } from "node:fs";
import { openClaimStore } from "@tongxing/claim-store";
import { parseArgs } from "node:util";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connectNats, natsAuthFromEnv } from "@tongxing/nats";
import { applyReplay } from "./apply-replay.js";
import { formatReplayOutcomes, formatReplayPlan } from "./format-replay.js";
import { parseReplaySelector } from "./replay-selector.js";
import { readDeadLetters } from "./read-dead-letters.js";
import { planReplay } from "./replay-plan.js";

const { values } = parseArgs({
  options: {
    nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    claim: { type: "string" },
    reason: { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    apply: { type: "boolean", default: false },
  },
});
const selected = parseReplaySelector(values);
if (!selected.ok) {
  console.error(selected.error);
  process.exitCode = 2;
} else {
  const nc = await connectNats({ servers: values.nats, name: "replay", ...natsAuthFromEnv(process.env, (f) => readFileSync(f, "utf8")) });
  try {
    const jsm = await jetstreamManager(nc);
    // Only the records' statuses are read: no privacy key file needed.
    const claims = await openClaimStore(nc, { openIdentifiers: false });
    const steps = await planReplay(await readDeadLetters(jsm, selected.selector), claims);
    for (const line of formatReplayPlan(steps)) console.log(line);
    if (!values.apply) {
      console.log("dry run: nothing changed (add --apply to replay)");
    } else {
      const outcomes = await applyReplay(jetstream(nc), steps);
      for (const line of formatReplayOutcomes(outcomes)) console.log(line);
      if (outcomes.some((o) => o.result === "failed")) process.exitCode = 1;
    }
  } finally {
    await nc.close();
  }
}
