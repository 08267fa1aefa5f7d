// The person history against a real nats-server: the history the decision read is the one the
// settlement writes at (no second read), and a write in between is never lost.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats } from "@tongxing/nats";
import { startTestNats, type TestNats } from "@tongxing/testkit";
import { readHistory, recordEncounter, type PastEncounter } from "./person-history.js";

let nats: TestNats;
let nc: NatsConnection;
let kv: KV;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "history-test" });
  kv = await new Kvm(nc).create("history_test", { history: 1 });
});

after(async () => {
  await nc.close();
  await nats.stop();
});

const encounter = (claimId: string): PastEncounter => ({ claimId, mdtrtareaAdmvs: "370102", kind: "outpatient", beginMs: 1, endMs: 2, hifpFen: 5_186n });

test("the history read for the decision is written at its revision, in one write", async () => {
  const read = await readHistory(kv, "320100", "P-one");
  assert.equal(read.revision, undefined, "nobody's history yet");
  await recordEncounter(kv, "320100", "P-one", encounter("C1"), read);
  const after1 = await readHistory(kv, "320100", "P-one");
  assert.deepEqual(after1.history.encounters.map((e) => e.claimId), ["C1"]);
  await recordEncounter(kv, "320100", "P-one", encounter("C2"), after1);
  const after2 = await readHistory(kv, "320100", "P-one");
  assert.deepEqual(after2.history.encounters.map((e) => e.claimId), ["C1", "C2"]);
  assert.equal(after2.revision, (after1.revision ?? 0) + 1, "one write, no retry");
  assert.equal(after2.history.encounters[1]?.hifpFen, 5_186n);
});

test("a settlement written in between is kept: a stale read fails its compare-and-set and is read again", async () => {
  const stale = await readHistory(kv, "320100", "P-two");
  await recordEncounter(kv, "320100", "P-two", encounter("C3"));
  await recordEncounter(kv, "320100", "P-two", encounter("C4"), stale);
  const stale2 = await readHistory(kv, "320100", "P-two");
  await recordEncounter(kv, "320100", "P-two", encounter("C5"));
  await recordEncounter(kv, "320100", "P-two", encounter("C6"), stale2);
  assert.deepEqual((await readHistory(kv, "320100", "P-two")).history.encounters.map((e) => e.claimId), ["C3", "C4", "C5", "C6"]);
});

test("a read of another person's history is not used for this one", async () => {
  const other = await readHistory(kv, "320100", "P-one");
  await recordEncounter(kv, "320100", "P-three", encounter("C7"), other);
  assert.deepEqual((await readHistory(kv, "320100", "P-three")).history.encounters.map((e) => e.claimId), ["C7"]);
  assert.deepEqual((await readHistory(kv, "320100", "P-one")).history.encounters.map((e) => e.claimId), ["C1", "C2"]);
});
