// The scale scenario's load spread over two load-generator processes, against a real hub
// (spawned nats-server, gRPC on loopback, simulated platforms): their shares are distinct claims,
// their figures add up, their latencies merge into one histogram, and no process outlives stop().
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "../simulator/simulated-platforms.js";
import { startLoadWorkers, type PhaseLoad } from "./load-workers.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let load: PhaseLoad;
const lines: string[] = [];

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address });
  load = await startLoadWorkers({ processes: 2, addresses: [hub.address], channelsPerAddress: 1, seed: 5, counts: { warm: 40, saturation: 400, open: 81 }, say: (l) => lines.push(l) });
});

after(async () => {
  await load.stop();
  platforms.close();
  await hub.stop();
});

test("two load processes prepare their shares and say so", () => {
  assert.equal(load.processes, 2);
  assert.ok(lines.some((l) => /2 load processes ready \(521 claims prepared\)/.test(l)), lines.join("\n"));
});

test("a closed phase adds up both processes' calls, each claim distinct", async () => {
  const warm = await load.closed("warm", 8, 30);
  assert.equal(warm.errors, 0, warm.firstError);
  assert.equal(warm.settled, 40, "every warm-up claim of both shares settled");
  assert.equal(warm.ranOut, true, "the shares ran out before the time did");
  const progress: string[] = [];
  const saturation = await load.closed("saturation", 16, 2, (l) => progress.push(l));
  assert.equal(saturation.errors, 0, saturation.firstError);
  assert.ok(saturation.settled > 0 && saturation.settledPerSec > 0);
  assert.equal(saturation.inFlight, 16);
  assert.ok(saturation.loadGeneratorCore > 0 && saturation.loadGeneratorCore < 2, `busiest process's CPU: ${saturation.loadGeneratorCore}`);
  assert.ok(progress.some((l) => /settled \d+ .* over 2 load processes/.test(l)), "combined progress once a second");
  assert.equal(load.settledIds.size, 40 + saturation.settled, "no claim settled twice across the processes");
});

test("an open phase runs half the rate in each process and merges their latencies", async () => {
  const before = load.settledIds.size;
  const open = await load.open(40, 2, 0);
  assert.equal(open.ratePerSec, 40);
  assert.equal(open.sent, 80, "40/s for 2 s over both processes");
  assert.equal(open.errors, 0, open.firstError);
  assert.equal(open.completed, 80);
  assert.equal(open.latencyUs.totalCount, 80, "one histogram with both processes' calls");
  assert.ok(open.latencyUs.maxValue > 0);
  assert.equal(load.settledIds.size - before, 80);
});

test("a load process that dies mid-phase fails the phase at once (no hang), and stop() still returns", async () => {
  const doomed = await startLoadWorkers({ processes: 2, addresses: [hub.address], channelsPerAddress: 1, seed: 6, counts: { warm: 0, saturation: 2_000, open: 0 }, say: () => {} });
  assert.equal(doomed.pids.length, 2);
  const started = performance.now();
  const phase = doomed.closed("saturation", 8, 60);
  setTimeout(() => process.kill(doomed.pids[1] as number, "SIGKILL"), 500);
  await assert.rejects(phase, /load process 1 exited \(SIGKILL\)/);
  assert.ok(performance.now() - started < 30_000, "failed well before the phase's 60 s");
  await doomed.stop();
});
