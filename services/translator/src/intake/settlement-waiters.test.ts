// Settlement waiters of two translator instances on one real nats-server: each hears the results
// addressed to it, not the other's; a submitter watch hears that submitter's results wherever they
// are addressed, and only while it is held.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/nats-core";
import { connectNats, Headers, Subjects } from "@tongxing/nats";
import { ClaimStatus, SettlementEnvelopeSchema } from "@tongxing/proto";
import { createLogger } from "@tongxing/telemetry";
import { startTestNats, type TestNats } from "@tongxing/testkit";
import { SettlementWaiters } from "./settlement-waiters.js";

let nats: TestNats;
let nc: NatsConnection;
let publisher: NatsConnection;
const log = createLogger({ service: "waiters-test", level: "silent" });
let a: SettlementWaiters;
let b: SettlementWaiters;
/** Result messages each instance reported receiving (what feeds tongxing_results_received_total). */
let receivedA = 0;
let receivedB = 0;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "waiters-test" });
  publisher = await connectNats({ servers: nats.url, name: "waiters-test-auditor" });
  a = new SettlementWaiters(log, { instance: "instanceA", onReceived: () => void receivedA++ });
  b = new SettlementWaiters(log, { instance: "instanceB", onReceived: () => void receivedB++ });
  a.start(nc);
  b.start(nc);
  await nc.flush();
});

after(async () => {
  a.stop();
  b.stop();
  await publisher.close();
  await nc.close();
  await nats.stop();
});

/** Publishes a result as the auditor does (plain publish: no stream is needed to test interest). */
async function publishResult(subject: string, claimId: string, status = ClaimStatus.SETTLED): Promise<void> {
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, claimId);
  publisher.publish(subject, toBinary(SettlementEnvelopeSchema, create(SettlementEnvelopeSchema, { result: { claimId, status }, traceId: "t" })), { headers: h });
  await publisher.flush();
  await nc.flush();
}

const within = <T>(p: Promise<T>, ms = 2_000): Promise<T | "timeout"> => Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

test("instance ids are subject tokens, new per process unless given", () => {
  const one = new SettlementWaiters(log);
  const two = new SettlementWaiters(log);
  assert.match(one.instance, /^[A-Za-z0-9]+$/);
  assert.notEqual(one.instance, two.instance);
});

test("a result addressed to one instance reaches that instance only", async () => {
  const waitA = a.wait("C-a1");
  const waitB = b.wait("C-b1");
  const [seenA, seenB] = [receivedA, receivedB];
  await publishResult(Subjects.answers("37", "instanceA"), "C-a1");
  const got = await within(waitA.settled);
  assert.notEqual(got, "timeout");
  assert.equal(got === "timeout" ? undefined : got.result?.claimId, "C-a1");
  assert.equal(receivedA - seenA, 1);
  assert.equal(receivedB - seenB, 0, "the other instance was not handed the result at all");
  await publishResult(Subjects.answers("37", "instanceB"), "C-b1");
  assert.notEqual(await within(waitB.settled), "timeout");
  assert.equal(receivedA - seenA, 1, "nor the first the second's");
});

test("a result on an older auditor's SETTLEMENTS subject for one instance still reaches it", async () => {
  const waitA = a.wait("C-a2");
  const [seenA, seenB] = [receivedA, receivedB];
  await publishResult(Subjects.settlementsAnswered("37", "instanceA"), "C-a2");
  assert.notEqual(await within(waitA.settled), "timeout");
  assert.equal(receivedA - seenA, 1);
  assert.equal(receivedB - seenB, 0);
});

test("a result addressed to no instance (an older translator's claim) reaches every instance", async () => {
  const waitB = b.wait("C-old");
  const [seenA, seenB] = [receivedA, receivedB];
  await publishResult(Subjects.settlementsAnswered("37"), "C-old");
  assert.notEqual(await within(waitB.settled), "timeout");
  assert.equal(receivedA - seenA, 1);
  assert.equal(receivedB - seenB, 1);
});

test("a submitter watch hears that submitter's results addressed elsewhere and on its link, until released", async () => {
  const dup = b.wait("C-dup");
  const cancel = b.wait("C-cancel");
  const watch = await b.watchSubmitter("37");
  const second = await b.watchSubmitter("37");
  await publishResult(Subjects.answers("37", "instanceA"), "C-dup");
  const got = await within(dup.settled);
  assert.equal(got === "timeout" ? undefined : got.result?.claimId, "C-dup", "a resubmission on B hears the first call's result addressed to A");
  await publishResult(Subjects.settlements("37"), "C-cancel", ClaimStatus.CANCELLED);
  const cancelled = await within(cancel.settled);
  assert.equal(cancelled === "timeout" ? undefined : cancelled.result?.status, ClaimStatus.CANCELLED, "a cancel's result on the link subject");
  const seen = receivedB;
  await publishResult(Subjects.answers("44", "instanceA"), "C-other-submitter");
  assert.equal(receivedB, seen, "another submitter's results are not heard");
  watch.release();
  watch.release();
  await publishResult(Subjects.answers("37", "instanceA"), "C-still");
  assert.equal(receivedB, seen + 1, "one watch is still held");
  second.release();
  await publishResult(Subjects.answers("37", "instanceA"), "C-after");
  assert.equal(receivedB, seen + 1, "no watch left: nothing addressed to A reaches B");
});

test("a cancelled wait is not answered, and the waiter map empties", async () => {
  const w = a.wait("C-gone");
  w.cancel();
  assert.equal(a.size, 0);
  await publishResult(Subjects.answers("37", "instanceA"), "C-gone");
  assert.equal(await within(w.settled, 300), "timeout");
});
