// Intake against a real nats-server: the envelope it publishes names the revision its record was
// stored at, and the record at that revision is exactly the intake record the auditor rebuilds
// from the envelope (lifecycle intakeRecordOfEnvelope) to write its decision without reading it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { openClaimStore, type ClaimStore } from "@tongxing/claim-store";
import { Actor, claimEvent, intakeRecord, intakeRecordOfEnvelope } from "@tongxing/lifecycle";
import { buildNhsaSettleMessage } from "@tongxing/loadtest";
import { createServiceRegistry, createTranslatorMetrics } from "@tongxing/metrics";
import { connectNats, ensureTopology, Streams, Subjects } from "@tongxing/nats";
import { ClaimEnvelopeSchema, ClaimRecordSchema, ClaimStatus } from "@tongxing/proto";
import { isSealedBytes, openClaim, openReceivedPayload } from "@tongxing/privacy";
import { createHash } from "node:crypto";
import { defaultPlatformEntries, RoutingTable } from "@tongxing/routing";
import { createTracing, traceContextOf } from "@tongxing/telemetry";
import { startTestNats, type TestNats } from "@tongxing/testkit";
import { createDialectRegistry } from "@tongxing/dialects";
import { acceptClaim, prepareClaim, type IntakeDeps } from "./claim-intake.js";

let nats: TestNats;
let nc: NatsConnection;
let deps: IntakeDeps;
let store: ClaimStore;
const tracing = createTracing({ service: "translator" });

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "intake-test" });
  const jsm = await jetstreamManager(nc);
  await ensureTopology(nc, jsm, { replicas: 1 });
  store = await openClaimStore(nc);
  const routing = new RoutingTable();
  for (const p of defaultPlatformEntries()) routing.setPlatform(p);
  deps = { js: jetstream(nc), store, routing, dialects: createDialectRegistry(), maxPayloadBytes: 1 << 20, tracer: tracing.tracer, metrics: createTranslatorMetrics(createServiceRegistry()) };
});

after(async () => {
  await nc.close();
  await tracing.shutdown();
  await nats.stop();
});

/**
 * The DELIVERY message intake published for a claim, routed at intake to the insured platform
 * (no link runs here to take it), and checks that it names the platform and carries ROUTED.
 */
async function publishedEnvelope(insuredPlatform: string) {
  const jsm = await jetstreamManager(nc);
  const m = await jsm.streams.getMessage(Streams.DELIVERY, { last_by_subj: Subjects.delivery(insuredPlatform) });
  assert.ok(m !== null, "a DELIVERY message");
  const envelope = fromBinary(ClaimEnvelopeSchema, m.data);
  assert.equal(envelope.insuredPlatform, insuredPlatform);
  assert.deepEqual(envelope.events.map((e) => e.status), [ClaimStatus.RECEIVED, ClaimStatus.ROUTED], "routed once, at intake");
  assert.equal(m.header.get("Nats-Msg-Id"), `${envelope.claim?.claimId}:routed`, "the router's own dedup id");
  // Identifiers travel sealed; the store's read opens them, so compare opened with opened.
  assert.match(envelope.claim?.person?.psnNo ?? "", /^txenc1\./, "the published claim's psn_no is sealed");
  openClaim(envelope.claim);
  return envelope;
}

test("the published envelope names the record's revision, and the record there is the intake record it rebuilds", async () => {
  const message = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 11 });
  const prepared = prepareClaim({ dialect: "nhsa-json", payload: message.payload, idempotencyKey: "" }, "37", deps);
  const accepted = await acceptClaim(prepared, deps, traceContextOf("0af7651916cd43dd8448eb211c80319c"), "instanceA1");
  assert.equal(accepted.duplicate, false);
  const envelope = await publishedEnvelope("32");
  assert.equal(envelope.answeredOnCall, true, "a SettleClaim claim says so");
  assert.equal(envelope.answerInstance, "instanceA1", "and names the instance whose call waits");
  const entry = await store.read(accepted.claimId);
  assert.ok(entry !== undefined);
  assert.equal(envelope.recordRevision, BigInt(entry.revision));
  const rebuilt = intakeRecordOfEnvelope(envelope);
  assert.ok(rebuilt !== undefined);
  assert.equal(rebuilt.revision, entry.revision);
  assert.ok(equals(ClaimRecordSchema, rebuilt.record, entry.record), "the record as stored, field for field");
});

test("the intake record keeps the message as received, sealed, and its RECEIVED event the digest of it; the envelope carries the copy", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 13, psnNo: "37000000000000000313" });
  const accepted = await acceptClaim(prepareClaim({ dialect: "nhsa-json", payload: message.payload, idempotencyKey: "" }, "37", deps), deps, traceContextOf("0af7651916cd43dd8448eb211c80319c"));
  const record = (await store.read(accepted.claimId))?.record;
  const received = record?.received;
  assert.ok(received !== undefined, "the record holds the message as received");
  assert.equal(received.dialect, "nhsa-json");
  assert.equal(received.contentType, "application/json; charset=utf-8");
  assert.equal(received.sizeBytes, BigInt(message.payload.byteLength));
  assert.equal(received.truncated, false);
  assert.ok(isSealedBytes(received.sealedPayload), "sealed at rest");
  assert.ok(!Buffer.from(received.sealedPayload).includes("37000000000000000313"), "no identifier in clear");
  assert.deepEqual(new Uint8Array(openReceivedPayload(received.sealedPayload)), new Uint8Array(message.payload), "opens to the bytes sent");
  const digest = record?.events[0]?.evidence?.receivedDigest;
  assert.deepEqual(digest, new Uint8Array(createHash("sm3").update(message.payload).digest()), "RECEIVED holds the SM3 of the whole message");
  const envelope = await publishedEnvelope("32");
  assert.equal(envelope.claim?.claimId, accepted.claimId);
  assert.deepEqual(envelope.received?.sealedPayload, received.sealedPayload, "the envelope carries the record's copy, so a write without reading keeps it");
  const withoutCopy = fromBinary(ClaimEnvelopeSchema, toBinary(ClaimEnvelopeSchema, { ...envelope, received: undefined }));
  assert.equal(intakeRecordOfEnvelope(withoutCopy), undefined, "an envelope that lost the copy is not taken for the intake record");
});

test("a claim republished after a crash between store and publish names the revision of the record it found", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq: 2, seed: 12 });
  const prepared = prepareClaim({ dialect: "nhsa-json", payload: message.payload, idempotencyKey: "" }, "37", deps);
  // What a crash right after the store leaves: the intake record (naming the platform intake
  // routed the claim to), and nothing published.
  const received = claimEvent(prepared.claim.claimId, ClaimStatus.RECEIVED, "0af7651916cd43dd8448eb211c80319c", Actor.TRANSLATOR);
  assert.ok((await store.create(intakeRecord(prepared.claim.claimId, received, prepared.idempotencyKey, prepared.claim, "44"))).created);
  const again = await acceptClaim(prepareClaim({ dialect: "nhsa-json", payload: message.payload, idempotencyKey: "" }, "37", deps), deps, traceContextOf("0af7651916cd43dd8448eb211c80319c"));
  assert.equal(again.duplicate, true);
  const envelope = await publishedEnvelope("44");
  assert.equal(envelope.answeredOnCall, false, "a SubmitClaim claim is answered on the link");
  assert.equal(envelope.answerInstance, "");
  const entry = await store.read(again.claimId);
  assert.ok(entry !== undefined && intakeRecordOfEnvelope(envelope)?.revision === entry.revision);
});

test("a claim for a platform with a claim-count backlog limit or a queueing window goes through the router (CLAIMS), not straight to DELIVERY", async () => {
  const jsm = await jetstreamManager(nc);
  const base = defaultPlatformEntries().find((p) => p.id === "51");
  assert.ok(base !== undefined);
  const nowMs = Date.now();
  for (const [seq, entry] of [
    [3, { ...base, backlogLimits: { maxClaims: 100 } }],
    [4, { ...base, maintenanceWindows: [{ start: new Date(nowMs - 60_000).toISOString(), end: new Date(nowMs + 600_000).toISOString(), mode: "queue" as const }] }],
  ] as const) {
    deps.routing.setPlatform(entry);
    try {
      const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "510100", seq, seed: 20 + seq });
      const before = (await jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.delivery("51") })).state.messages;
      const accepted = await acceptClaim(prepareClaim({ dialect: "nhsa-json", payload: message.payload, idempotencyKey: "" }, "37", deps), deps, traceContextOf("0af7651916cd43dd8448eb211c80319c"));
      const m = await jsm.streams.getMessage(Streams.CLAIMS, { last_by_subj: Subjects.claims("51") });
      const envelope = fromBinary(ClaimEnvelopeSchema, m?.data ?? new Uint8Array());
      assert.equal(envelope.claim?.claimId, accepted.claimId, "on CLAIMS for the router");
      assert.equal(envelope.insuredPlatform, "", "not routed yet");
      assert.equal((await jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.delivery("51") })).state.messages, before, "nothing straight to DELIVERY");
    } finally {
      deps.routing.setPlatform(base);
    }
  }
});
