// Maintenance windows as routing-table data, through the public gRPC path: during a refusing
// window a claim is answered at once with FAILED_PRECONDITION naming the window's end; during a
// queueing window claims are accepted, wait (nothing reaches the platform), and after it are
// delivered in the order they came and settle once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { openClaimStore } from "@tongxing/claim-store";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { putPlatform, watchRoutingTable, type PlatformEntry } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let routing: KV;
let jiangsu: PlatformEntry;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "maintenance-window-test" });
  routing = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(routing);
  jiangsu = watched.table.platform("32")!;
  watched.stop();
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const claimFor32 = () => buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: ++seq, seed: 500 + seq });

test("a claim during a refusing window is answered at once, naming the window's end", async () => {
  const end = iso(Date.now() + 10 * 60_000);
  await putPlatform(routing, { ...jiangsu, maintenanceWindows: [{ start: iso(Date.now() - 60_000), end, mode: "refuse", reason: "系统升级" }] });
  try {
    const err = await eventually(async () => {
      const startedMs = Date.now();
      try {
        await shandong.settle(claimFor32().payload, { timeoutMs: 5_000 });
        return undefined;
      } catch (e) {
        const se = e as ServiceError;
        return se.code === GrpcStatus.FAILED_PRECONDITION ? { se, tookMs: Date.now() - startedMs } : undefined;
      }
    });
    assert.match(err.se.details, new RegExp(`maintenance window until ${end.replace(/[.]/g, "\\.")} \\(系统升级\\); submit again after`));
    assert.ok(err.tookMs < 2_000, `answered at once (${err.tookMs} ms)`);
  } finally {
    await putPlatform(routing, jiangsu);
  }
});

test("claims during a queueing window wait, then are delivered in order after it and settle once", async () => {
  const endMs = Date.now() + 6_000;
  await putPlatform(routing, { ...jiangsu, maintenanceWindows: [{ start: iso(Date.now() - 1_000), end: iso(endMs), mode: "queue" }] });
  await new Promise((r) => setTimeout(r, 500)); // every service's routing watcher sees it
  const jsm = await jetstreamManager(nc);
  try {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await shandong.submit(claimFor32().payload)).claimId);
    // Held beside the platform's subject while the window lasts; nothing delivered.
    await eventually(async () => {
      const info = await jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.deliveryQueued("32") });
      return info.state.subjects?.[Subjects.deliveryQueued("32")] === 4 ? true : undefined;
    });
    assert.ok(Date.now() < endMs, "still inside the window");
    for (const id of ids) assert.equal((await shandong.get(id)).record?.status, ClaimStatus.RECEIVED, `${id} waits`);

    const records = await eventually(async () => {
      const rs = await Promise.all(ids.map(async (id) => (await shandong.get(id)).record));
      return rs.every((r) => r?.status === ClaimStatus.SETTLED) ? rs : undefined;
    });
    const deliveredAt = records.map((r) => {
      const ev = r!.events.filter((e) => e.status === ClaimStatus.DELIVERED);
      assert.equal(ev.length, 1, "delivered once");
      assert.equal(r!.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1, "settled once");
      const at = ev[0]!.at!;
      return Number(at.seconds) * 1_000 + Math.floor(at.nanos / 1e6);
    });
    for (const at of deliveredAt) assert.ok(at >= endMs, `delivered after the window (${iso(at)} ≥ ${iso(endMs)})`);
    for (let i = 1; i < deliveredAt.length; i++) assert.ok(deliveredAt[i - 1]! <= deliveredAt[i]!, `in order: claim ${i - 1} before claim ${i}`);
    const routed = records[0]!.events.find((e) => e.status === ClaimStatus.ROUTED);
    assert.match(routed?.detail ?? "", /queued until .* \(maintenance window\)/);
    // Through the router's queue and release, the decision kept intake's copy of the message as received.
    const store = await openClaimStore(nc);
    for (const id of ids) assert.ok(((await store.read(id))?.record.received?.sizeBytes ?? 0n) > 0n, `${id} keeps the message as received`);
    const ledger = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerAll });
    for (const r of records) {
      const subject = Subjects.ledgerSettlement(r!.claim?.submitterPlatform ?? "", r!.adjudication?.setlId ?? "");
      assert.equal(ledger.state.subjects?.[subject], 1, `${r!.claimId}: one ledger entry`);
    }
  } finally {
    await putPlatform(routing, jiangsu);
  }
});
