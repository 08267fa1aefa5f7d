// The standard load mix: every dialect, reversals and planted anomalies, each message valid in its
// dialect; and through a real hub (spawned nats-server, gRPC on loopback, simulated platforms)
// every claim ends as expected and every reversal is CANCELLED.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ClaimStatus } from "@tongxing/proto";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { createDialectRegistry } from "@tongxing/dialects";
import { createSettleLoad } from "../bench/settle-load.js";
import { DEFAULT_KIND_WEIGHTS } from "../claims/claim-factory.js";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "../simulator/simulated-platforms.js";
import { prepareNationalMix, STANDARD_MIX } from "./national-mix.js";

const registry = createDialectRegistry();

test("the standard mix carries every dialect at about its weight, anomalies to be HELD and reversals", () => {
  const claims = prepareNationalMix(2_000, 5, DEFAULT_KIND_WEIGHTS, STANDARD_MIX);
  const byDialect = new Map<string, number>();
  for (const c of claims) byDialect.set(c.dialect, (byDialect.get(c.dialect) ?? 0) + 1);
  for (const [dialect, weight] of Object.entries(STANDARD_MIX.dialects ?? {})) {
    const share = (byDialect.get(dialect) ?? 0) / claims.length;
    assert.ok(Math.abs(share - weight / 100) < 0.03, `${dialect}: ${(share * 100).toFixed(1)} % for a weight of ${weight} %`);
  }
  const held = claims.filter((c) => c.expect === ClaimStatus.HELD);
  const reversed = claims.filter((c) => c.cancel !== undefined);
  assert.ok(held.length > 5 && held.length < 50, `${held.length} anomalies`);
  assert.ok(reversed.length > 15 && reversed.length < 70, `${reversed.length} reversals`);
  for (const c of claims) {
    const { claim } = registry.get(c.dialect).decodeClaim(c.payload);
    assert.equal(claim.mdtrtareaAdmvs.slice(0, 2), c.platform, "sent by its treatment platform");
    if (c.expect === ClaimStatus.HELD) assert.equal(claim.totals?.medfeeSumamt, 3_000_000n, "the planted anomaly is the 30,000-yuan outpatient claim");
  }
  const nhsa = registry.get("nhsa-json");
  for (const c of reversed) {
    const { cancel, msgid } = nhsa.decodeCancel!(c.cancel!.message("S0001"));
    assert.equal(cancel.setlId, "S0001");
    assert.match(msgid, /R/);
  }
});

let hub: TestHub;
let platforms: SimulatedPlatforms;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address });
});

after(async () => {
  platforms.close();
  await hub.stop();
});

test("through a real hub every claim of a mix ends as expected and every reversal is CANCELLED", async () => {
  const claims = prepareNationalMix(80, 9, DEFAULT_KIND_WEIGHTS, { dialects: { "nhsa-json": 1, "xml-esb": 1, "jinbao-legacy": 1, "fhir-r4": 1, canonical: 1 }, cancelShare: 0.2, anomalyShare: 0.1 });
  const load = createSettleLoad({ addresses: [hub.address], channelsPerAddress: 1, timeoutMs: 30_000 });
  try {
    const send = load.sender(claims);
    await Promise.all(claims.map((_, i) => send(i)));
    await load.cancelsSettled();
    const expectedHeld = claims.filter((c) => c.expect === ClaimStatus.HELD).length;
    assert.deepEqual(Object.fromEntries(load.outcomes), { SETTLED: claims.length - expectedHeld, ...(expectedHeld > 0 ? { HELD: expectedHeld } : {}) });
    const reversals = claims.filter((c) => c.cancel !== undefined).length;
    assert.ok(reversals > 0 && expectedHeld > 0, "the sample plants both");
    assert.deepEqual({ ...load.cancels }, { sent: reversals, cancelled: reversals, failed: 0 });
  } finally {
    load.close();
  }
});

test("shares prepared apart with one run tag have distinct msgids, as one set would", () => {
  const msgids = (claims: readonly { payload: Uint8Array }[]) => claims.map((c) => (JSON.parse(new TextDecoder().decode(c.payload)) as { msgid: string }).msgid);
  const shares = [0, 1, 2].map((offset) => prepareNationalMix(400, 20 + offset, DEFAULT_KIND_WEIGHTS, { runTag: 4242, share: { every: 3, offset } }));
  const all = shares.flatMap(msgids);
  assert.equal(all.length, 1_200);
  assert.equal(new Set(all).size, 1_200, "no msgid repeats across the shares");
  const whole = msgids(prepareNationalMix(1_200, 20, DEFAULT_KIND_WEIGHTS, { runTag: 4242 }));
  assert.equal(new Set(whole).size, 1_200);
  assert.throws(() => prepareNationalMix(1, 1, DEFAULT_KIND_WEIGHTS, { share: { every: 2, offset: 2 } }), /offset < every/);
});
