// Claims nobody can serve: refused at once at the gateway when the routing table says so, and
// dead-lettered (with a REJECTED answer to the submitter) when the table changes in flight.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { openClaimStore } from "@tongxing/claim-store";
import { Actor, claimEvent, deriveClaimId } from "@tongxing/lifecycle";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, MsgIds, Streams, Subjects } from "@tongxing/nats";
import { ClaimEnvelopeSchema, ClaimRecordSchema, ClaimStatus } from "@tongxing/proto";
import { badRequestOf } from "@tongxing/proto/grpc";
import { PlatformMode, putPlatform, watchRoutingTable } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { nhsaJsonDialect } from "@tongxing/dialects";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "undeliverable-test" });
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("an insured region no platform serves is refused at once, naming insuplc_admdvs", async () => {
  const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "990100", seq: 1, seed: 1 });
  await assert.rejects(shandong.settle(m.payload), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
    assert.equal(badRequestOf(err)?.fieldViolations[0]?.field, "insuplc_admdvs");
    return true;
  });
});

test("a platform in planned switchover (mode refuse) gets its claims refused at once with the reason", async () => {
  const kv = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(kv);
  const jiangsu = watched.table.platform("32")!;
  watched.stop();
  await putPlatform(kv, { ...jiangsu, mode: PlatformMode.REFUSE, refuseReason: "停机切换至国家平台, 12月3日恢复" });
  try {
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 2 });
    await eventually(async () => {
      try {
        await shandong.settle(m.payload, { timeoutMs: 5_000 });
        return undefined;
      } catch (err) {
        const e = err as ServiceError;
        return e.code === GrpcStatus.FAILED_PRECONDITION && /停机切换/.test(e.details) ? true : undefined;
      }
    });
  } finally {
    await putPlatform(kv, jiangsu);
  }
});

test("a claim that loses its route in flight is dead-lettered and answered REJECTED", async () => {
  const js = jetstream(nc);
  const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 3 });
  const claim = nhsaJsonDialect.decodeClaim(m.payload).claim;
  claim.claimId = deriveClaimId("37", "in-flight-test");
  claim.submitterPlatform = "37";
  claim.insuplcAdmdvs = "990100"; // as if its route vanished after the gateway accepted it
  const traceId = "0".repeat(31) + "1";
  const received = claimEvent(claim.claimId, ClaimStatus.RECEIVED, traceId, Actor.TRANSLATOR);
  const store = await openClaimStore(nc);
  await store.create(create(ClaimRecordSchema, { claimId: claim.claimId, status: ClaimStatus.RECEIVED, events: [received], claim }));
  await js.publish(Subjects.claims("99"), toBinary(ClaimEnvelopeSchema, create(ClaimEnvelopeSchema, { claim, traceId, events: [received] })), { msgID: MsgIds.claim(claim.claimId) });

  const record = await eventually(async () => {
    const r = (await store.read(claim.claimId))?.record;
    return r?.status === ClaimStatus.REJECTED ? r : undefined;
  });
  assert.equal(record.refusal?.code, "NO_ROUTE");
  const jsm = await jetstreamManager(nc);
  const dead = await jsm.streams.getMessage(Streams.DEADLETTER, { last_by_subj: Subjects.deadletter("NO_ROUTE") });
  assert.ok(dead !== null, "a dead letter for NO_ROUTE");
  assert.equal(fromBinary(ClaimEnvelopeSchema, dead.data).claim?.claimId, claim.claimId);
});
