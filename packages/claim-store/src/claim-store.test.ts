// The claim store against a real nats-server: create-if-absent, transitions allowed and refused,
// a race exactly one writer wins, bounded retry, the indexes a status implies, and a closed
// connection told apart from a refusal.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { connectNats, settlementIndexKey } from "@tongxing/nats";
import { ClaimRecordSchema, ClaimSchema, ClaimStatus, EncounterSchema, AdjudicationSchema, type ClaimEvent, type ClaimRecord } from "@tongxing/proto";
import { startTestNats, type TestNats } from "@tongxing/testkit";
import { AllowedFrom } from "./claim-lifecycle.js";
import { ClaimStoreError, ClaimStoreErrorCode } from "./claim-store-error.js";
import { createClaimStore, type ClaimStore, type TransitionStep } from "./claim-store.js";

let nats: TestNats;
let nc: NatsConnection;
let kv: KV;
let chained: ClaimEvent[];
let store: ClaimStore;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "claim-store-test" });
  kv = await new Kvm(nc).create("claims_store_test", { history: 1 });
  chained = [];
  store = createClaimStore({ kv, chain: async (events) => void chained.push(...events) });
});

after(async () => {
  await nc.close();
  await nats.stop();
});

let serial = 0;
function received(): ClaimRecord {
  const claimId = `C${(++serial).toString(16).padStart(24, "0")}`;
  const claim = create(ClaimSchema, {
    claimId,
    submitterPlatform: "37",
    msgid: `m${serial}`,
    fixmedinsCode: "H37010200001",
    encounter: create(EncounterSchema, { mdtrtId: `MD${serial}`, chrgBchno: "1" }),
  });
  return create(ClaimRecordSchema, { claimId, status: ClaimStatus.RECEIVED, events: [claimEvent(claimId, ClaimStatus.RECEIVED, "t", Actor.TRANSLATOR)], idempotencyKey: `k${serial}`, claim });
}

const step = (claimId: string, to: ClaimStatus, detail = ""): TransitionStep => ({ to, events: [claimEvent(claimId, to, "t", Actor.AUDITOR, detail)] });
const settle = (claimId: string, setlId: string): TransitionStep => ({
  to: ClaimStatus.SETTLED,
  events: [claimEvent(claimId, ClaimStatus.APPROVED, "t", Actor.AUDITOR), claimEvent(claimId, ClaimStatus.SETTLED, "t", Actor.AUDITOR, setlId)],
  set: { adjudication: create(AdjudicationSchema, { setlId }) },
});

async function refusal(p: Promise<unknown>): Promise<ClaimStoreError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ClaimStoreError, `a ClaimStoreError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a ClaimStoreError");
}

test("create stores a record once; a second create answers the record stored first", async () => {
  const first = received();
  const made = await store.create(first);
  assert.equal(made.created, true);
  const again = await store.create(create(ClaimRecordSchema, { ...first, idempotencyKey: "other" }));
  assert.equal(again.created, false);
  assert.ok(!again.created && again.existing.record.idempotencyKey === first.idempotencyKey && made.created && again.existing.revision === made.revision);
  assert.equal((await store.read(first.claimId))?.record.status, ClaimStatus.RECEIVED);
  assert.equal(await store.read("C000000000000000000ffffff"), undefined);
});

test("an allowed transition appends its events, chains them once and writes the status's index", async () => {
  const r = received();
  // Created by a store without a chain (as intake's, in the translator): RECEIVED waits in the record.
  await createClaimStore({ kv }).create(r);
  chained.length = 0;
  const held = await store.transition(r.claimId, AllowedFrom.DECISION, (current) => step(current.claimId, ClaimStatus.HELD, "R1"));
  assert.equal(held.record.status, ClaimStatus.HELD);
  assert.deepEqual(held.record.events.map((e) => e.status), [ClaimStatus.RECEIVED, ClaimStatus.HELD]);
  assert.deepEqual(chained.map((e) => e.status), [ClaimStatus.RECEIVED, ClaimStatus.HELD], "RECEIVED, not chained at create, goes in with the first transition");
  assert.equal(held.record.chainedEvents, 2);
  assert.equal(held.previous.status, ClaimStatus.RECEIVED);
  assert.ok((await store.heldClaimIds()).includes(r.claimId), "on the review queue");

  chained.length = 0;
  // A regulator's approval: HELD → APPROVED (the decision taken), then APPROVED → SETTLED.
  const approved = await store.transition(r.claimId, AllowedFrom.REVIEW, (c) => ({ to: ClaimStatus.APPROVED, events: [claimEvent(c.claimId, ClaimStatus.APPROVED, "t", Actor.REGULATOR)] }));
  assert.equal(approved.record.status, ClaimStatus.APPROVED);
  assert.ok((await store.heldClaimIds()).includes(r.claimId), "still listed until the decision is complete");
  assert.equal((await refusal(store.transition(r.claimId, AllowedFrom.REVIEW, (c) => settle(c.claimId, "x")))).status, ClaimStatus.APPROVED, "decided once");
  const settled = await store.transition(r.claimId, AllowedFrom.REVIEW_SETTLEMENT, (c) => ({ to: ClaimStatus.SETTLED, events: [claimEvent(c.claimId, ClaimStatus.SETTLED, "t", Actor.REGULATOR, `S-${c.claimId}`)], set: { adjudication: create(AdjudicationSchema, { setlId: `S-${c.claimId}` }) } }));
  assert.deepEqual(chained.map((e) => e.status), [ClaimStatus.APPROVED, ClaimStatus.SETTLED], "only the new events");
  const stored = await store.read(r.claimId);
  assert.equal(stored?.record.status, ClaimStatus.SETTLED);
  assert.equal(stored?.revision, settled.revision);
  assert.equal(stored?.record.adjudication?.setlId, `S-${r.claimId}`);
  assert.ok((await store.heldClaimIds()).includes(r.claimId), "listed until closeReview");
  await store.closeReview(r.claimId);
  await store.closeReview(r.claimId);
  assert.ok(!(await store.heldClaimIds()).includes(r.claimId), "off the review queue");
  assert.equal(await store.findSettlement("37", `S-${r.claimId}`), r.claimId);
});

test("repairIndexes writes again what a crash between the record and its indexes left out", async () => {
  const r = received();
  await store.create(r);
  const settled = await store.transition(r.claimId, AllowedFrom.DECISION, (c) => settle(c.claimId, `R-${c.claimId}`));
  await kv.delete(settlementIndexKey("37", `R-${r.claimId}`)); // as if the process died right after the record's write
  assert.equal(await store.findSettlement("37", `R-${r.claimId}`), undefined);
  await store.repairIndexes(settled.record);
  assert.equal(await store.findSettlement("37", `R-${r.claimId}`), r.claimId);
});

test("afterWrite runs once on the written record; its error passes unchanged, the record stays written", async () => {
  const r = received();
  await store.create(r);
  const seen: ClaimStatus[] = [];
  await store.transition(r.claimId, AllowedFrom.DECISION, (c) => step(c.claimId, ClaimStatus.HELD), { afterWrite: async (record) => void seen.push(record.status) });
  assert.deepEqual(seen, [ClaimStatus.HELD]);
  const boom = new Error("ledger away");
  await assert.rejects(store.transition(r.claimId, AllowedFrom.REVIEW, (c) => step(c.claimId, ClaimStatus.REJECTED), { afterWrite: () => Promise.reject(boom) }), (err) => err === boom);
  assert.equal((await store.read(r.claimId))?.record.status, ClaimStatus.REJECTED);
});

test("a store with a chain chains what it creates", async () => {
  chained.length = 0;
  const r = received();
  await store.create(r);
  assert.deepEqual(chained.map((e) => e.status), [ClaimStatus.RECEIVED]);
  assert.equal((await store.read(r.claimId))?.record.chainedEvents, 1);
});

test("a transition from a status not allowed is REFUSED with the current status, and writes nothing", async () => {
  const r = received();
  const made = await store.create(r);
  let built = 0;
  const err = await refusal(store.transition(r.claimId, AllowedFrom.CANCEL_REQUEST, (c) => (built++, step(c.claimId, ClaimStatus.CANCEL_REQUESTED))));
  assert.equal(err.code, ClaimStoreErrorCode.REFUSED);
  assert.equal(err.status, ClaimStatus.RECEIVED);
  assert.equal(err.retryable, false);
  assert.equal(built, 0);
  assert.ok(made.created && (await store.read(r.claimId))?.revision === made.revision, "record untouched");

  const missing = await refusal(store.transition("C0000000000000000000fffff", AllowedFrom.REVIEW, (c) => step(c.claimId, ClaimStatus.REJECTED)));
  assert.equal(missing.code, ClaimStoreErrorCode.NOT_FOUND);
});

test("a step the lifecycle does not have is a bug, not a refusal", async () => {
  const r = received();
  await store.create(r);
  await assert.rejects(store.transition(r.claimId, [ClaimStatus.RECEIVED], (c) => step(c.claimId, ClaimStatus.CANCELLED)), (err) => !(err instanceof ClaimStoreError));
  await assert.rejects(store.transition(r.claimId, AllowedFrom.DECISION, (c) => ({ to: ClaimStatus.HELD, events: [claimEvent(c.claimId, ClaimStatus.REJECTED, "t", Actor.AUDITOR)] })));
  assert.equal((await store.read(r.claimId))?.record.status, ClaimStatus.RECEIVED);
});

test("of concurrent transitions from one status exactly one wins; the others are REFUSED with the winner's status", async () => {
  const r = received();
  await store.create(r);
  // Separate stores on separate connections: separate writers, as two auditors would be.
  const others = await Promise.all([1, 2, 3, 4].map(() => connectNats({ servers: nats.url, name: "racer" })));
  try {
    const writers = [store, ...(await Promise.all(others.map(async (c) => createClaimStore({ kv: await new Kvm(c).open("claims_store_test") }))))];
    const outcomes = await Promise.allSettled(
      writers.map((w, i) => w.transition(r.claimId, AllowedFrom.DECISION, (c) => (i % 2 === 0 ? step(c.claimId, ClaimStatus.REJECTED, `w${i}`) : step(c.claimId, ClaimStatus.HELD, `w${i}`)))),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    assert.equal(won.length, 1, "exactly one winner");
    const winner = await store.read(r.claimId);
    assert.equal(winner?.record.events.length, 2, "one transition's event, not several");
    for (const o of outcomes) {
      if (o.status === "rejected") {
        assert.ok(o.reason instanceof ClaimStoreError && o.reason.code === ClaimStoreErrorCode.REFUSED, String(o.reason));
        assert.equal(o.reason.status, winner?.record.status);
      }
    }
  } finally {
    await Promise.all(others.map((c) => c.close()));
  }
});

test("a record that keeps changing underneath gives CONTENDED (retryable) after the bounded attempts", async () => {
  const r = received();
  await store.create(r);
  let attempts = 0;
  const meddling = createClaimStore({
    kv,
    // Between each read and its write, somebody else writes the record (a new revision).
    chain: async () => {
      const now = await kv.get(r.claimId);
      assert.ok(now !== null);
      await kv.put(r.claimId, now.value);
    },
  });
  const e = await refusal(meddling.transition(r.claimId, AllowedFrom.DECISION, (c) => (attempts++, step(c.claimId, ClaimStatus.REJECTED)), { maxAttempts: 3 }));
  assert.equal(e.code, ClaimStoreErrorCode.CONTENDED);
  assert.equal(e.retryable, true);
  assert.ok((e.retryDelayMs ?? 0) > 0);
  assert.equal(attempts, 3, "exactly the bounded attempts");
  assert.equal((await store.read(r.claimId))?.record.status, ClaimStatus.RECEIVED);
});

test("a stale known record costs one lost compare-and-set, then the record is read and the step rebuilt", async () => {
  const r = received();
  const made = await store.create(r);
  assert.ok(made.created);
  await kv.put(r.claimId, (await kv.get(r.claimId))!.value); // a write the caller does not know of
  const builtFrom: number[] = [];
  const done = await store.transition(r.claimId, AllowedFrom.DECISION, (c) => (builtFrom.push(c.events.length), step(c.claimId, ClaimStatus.REJECTED)), {
    known: { record: r, revision: made.revision },
  });
  assert.equal(builtFrom.length, 2, "built on the known record, then on the one read");
  assert.equal(done.record.status, ClaimStatus.REJECTED);
});

test("with `absent`, a transition on a missing record creates it from there", async () => {
  const r = received();
  const start = create(ClaimRecordSchema, { claimId: r.claimId, claim: r.claim, idempotencyKey: "k" });
  const done = await store.transition(r.claimId, AllowedFrom.DECISION, (c) => step(c.claimId, ClaimStatus.REJECTED), { absent: start });
  assert.equal(done.previous.status, ClaimStatus.UNSPECIFIED);
  assert.equal((await store.read(r.claimId))?.record.status, ClaimStatus.REJECTED);
});

test("encounter reservations: one claim per encounter, released when the claim is rejected", async () => {
  const a = received();
  const b = create(ClaimRecordSchema, { ...received(), claim: create(ClaimSchema, { ...a.claim!, claimId: "C00000000000000000000b0b0" }) });
  await store.create(a);
  assert.deepEqual(await store.reserveEncounter(a.claim!), { heldAlready: false });
  assert.deepEqual(await store.reserveEncounter(a.claim!), { heldAlready: true });
  assert.deepEqual(await store.reserveEncounter(b.claim!), { other: a.claimId, heldAlready: false });
  await store.transition(a.claimId, AllowedFrom.DECISION, (c) => step(c.claimId, ClaimStatus.REJECTED));
  assert.deepEqual(await store.reserveEncounter(b.claim!), { heldAlready: false }, "free again for a corrected claim");
  assert.deepEqual(await store.reserveMsgid(a.claim!), { heldAlready: false });
  assert.deepEqual(await store.reserveMsgid(b.claim!), { other: a.claimId, heldAlready: false }, "a msgid stays taken");
});

test("a closed connection gives UNAVAILABLE (retryable), not a refusal", async () => {
  const own = await connectNats({ servers: nats.url, name: "closing" });
  const closing = createClaimStore({ kv: await new Kvm(own).open("claims_store_test") });
  const r = received();
  await closing.create(r);
  await own.close();
  for (const op of [() => closing.read(r.claimId), () => closing.create(received()), () => closing.transition(r.claimId, AllowedFrom.DECISION, (c) => step(c.claimId, ClaimStatus.REJECTED))]) {
    const err = await refusal(op());
    assert.equal(err.code, ClaimStoreErrorCode.UNAVAILABLE);
    assert.equal(err.retryable, true);
    assert.ok(err.cause !== undefined, "the NATS error as cause");
  }
  assert.equal((await store.read(r.claimId))?.record.status, ClaimStatus.RECEIVED);
});
