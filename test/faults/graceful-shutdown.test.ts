// Graceful shutdown under load: a router process gets SIGTERM while claims flow; it stops in
// order (stops taking claims, finishes or hands back what it holds, drains its NATS connection)
// and exits 0 well within its grace period; a second router carries on, and every claim settles
// exactly once.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { runClaimLoad } from "./claim-load.js";
import { measureFaultFigures } from "./fault-figures.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GRACE_MS = 10_000;
const provinces = ["11", "31", "32", "37"];
let hub: TestHub;
let platforms: SimulatedPlatforms;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces });
});

after(async () => {
  platforms.close();
  await hub.stop();
});

test("SIGTERM under load: the router stops in order within its grace period, exit 0, nothing lost or twice", async () => {
  // Two routers on the same durable, as in a rolling upgrade: the hub's own (in-process) carries
  // on; the one that is stopped runs as a process.
  const child = spawn(process.execPath, ["--import", "tsx", "services/router/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, NATS_URL: hub.nats.url, LOG_LEVEL: "info", METRICS_ADDRESS: "127.0.0.1:0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  for (const until = Date.now() + 30_000; !out.includes("router started"); ) {
    if (Date.now() > until) throw new Error(`router process did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  let stoppedInMs = -1;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const startedMs = Date.now();
  const load = await runClaimLoad({
    address: hub.address,
    provinces,
    claims: 60,
    perSecond: 10,
    beforeClaim: async (i) => {
      if (i !== 20) return;
      const sentMs = Date.now();
      child.kill("SIGTERM");
      void exited.then((e) => {
        exit = e;
        stoppedInMs = Date.now() - sentMs;
      });
    },
  });
  await exited;
  const f = await measureFaultFigures(hub.nats.url, "router SIGTERM under load", load, startedMs);
  console.log(`router stopped in ${stoppedInMs} ms; submitted ${f.submitted}, settled ${f.settled}, lost ${f.lost}, settled twice ${f.settledTwice}, ledger entries ${f.ledgerEntries}`);
  assert.equal(exit?.code, 0, `a clean exit, not the grace-period force (code 1) or a signal:\n${out.slice(-2_000)}`);
  assert.ok(stoppedInMs >= 0 && stoppedInMs < GRACE_MS, `within the grace period (${stoppedInMs} ms)`);
  const shuttingDown = out.indexOf("router shutting down");
  const stopped = out.indexOf("router stopped");
  assert.ok(shuttingDown >= 0 && stopped > shuttingDown, "shutting down, then stopped, in that order");
  assert.equal(f.lost, 0);
  assert.equal(f.settledTwice, 0);
  assert.equal(f.settled, f.submitted);
  assert.equal(f.ledgerEntries, f.settled);
});
