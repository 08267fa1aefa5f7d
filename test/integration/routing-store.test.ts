// The routing table lives in a real JetStream KV bucket: seeded once, never overwriting an
// operator's entry, and changes reach a watching service without a restart.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { Buckets, connectNats, ensureTopology } from "@tongxing/nats";
import { PlatformMode, defaultPlatformEntries, putPlatform, putRegion, seedPlatforms, watchRoutingTable } from "@tongxing/routing";
import { startTestNats, type TestNats } from "@tongxing/testkit";

let nats: TestNats;
let nc: NatsConnection;
let kv: KV;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "routing-test" });
  await ensureTopology(nc, await jetstreamManager(nc));
  kv = await new Kvm(nc).open(Buckets.ROUTING);
});

after(async () => {
  await nc.drain();
  await nats.stop();
});

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("seeding creates 31 platforms once and keeps an operator's entry", async () => {
  await putPlatform(kv, { id: "37", name: "operator's", dialect: "nhsa-json", fundIncludesAcct: true, mode: PlatformMode.ACCEPT });
  assert.equal(await seedPlatforms(kv, defaultPlatformEntries()), 30);
  assert.equal(await seedPlatforms(kv, defaultPlatformEntries()), 0);
  const watched = await watchRoutingTable(kv);
  try {
    assert.equal(watched.table.size, 31);
    assert.equal(watched.table.platform("37")?.name, "operator's");
  } finally {
    watched.stop();
  }
});

test("a watching table sees a switchover and a special pool without restarting", async () => {
  const invalid: string[] = [];
  const watched = await watchRoutingTable(kv, (key) => invalid.push(key));
  try {
    const jiangsu = watched.table.platform("32")!;
    await putPlatform(kv, { ...jiangsu, mode: PlatformMode.REFUSE, refuseReason: "停机切换" });
    await eventually(() => !watched.table.resolve("320100").ok);
    await putPlatform(kv, { ...jiangsu, mode: PlatformMode.ACCEPT });
    await eventually(() => watched.table.resolve("320100").ok);

    await putRegion(kv, { admdvs: "370599", platform: "32" });
    await eventually(() => {
      const r = watched.table.resolve("370599");
      return r.ok && r.platform.id === "32";
    });
    await kv.put("platform.bad", new TextEncoder().encode("{not json"));
    await eventually(() => invalid.includes("platform.bad"));
  } finally {
    watched.stop();
  }
});
