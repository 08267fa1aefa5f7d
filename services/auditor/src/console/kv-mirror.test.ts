// The console's in-memory copy of a KV bucket against a real nats-server: reads from memory once
// loaded, writes and deletes from another connection followed, a miss read from the bucket,
// expired entries dropped, and every read back on the bucket when the watch ends or overflows.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats } from "@tongxing/nats";
import { startTestNats, type TestNats } from "@tongxing/testkit";
import { watchKvMirror } from "./kv-mirror.js";

let nats: TestNats;
let nc: NatsConnection;
let other: NatsConnection;
let bucketNo = 0;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "kv-mirror-test" });
  other = await connectNats({ servers: nats.url, name: "kv-mirror-test-other-instance" });
});
after(async () => {
  await nc.close();
  await other.close();
  await nats.stop();
});

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/** A fresh bucket seen through `kv` (whose gets are counted) and through another connection. */
async function bucket(): Promise<{ kv: KV; otherKv: KV; gets: () => number }> {
  const name = `mirror_test_${++bucketNo}`;
  const kv = await new Kvm(nc).create(name, { history: 1 });
  const otherKv = await new Kvm(other).open(name);
  let gets = 0;
  const get = kv.get.bind(kv);
  kv.get = (...args: Parameters<KV["get"]>) => {
    gets += 1;
    return get(...args);
  };
  return { kv, otherKv, gets: () => gets };
}

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("once loaded, reads of the bucket's keys are answered from memory, without a NATS read", async () => {
  const { kv, gets } = await bucket();
  await kv.put("token.a", enc("alice"));
  await kv.put("account.alice", enc("{}"));
  const mirror = await watchKvMirror(kv);
  await until(() => mirror.live, "the mirror to load");
  const before = gets();
  assert.equal(dec(await mirror.read("token.a")), "alice");
  assert.equal(dec(await mirror.read("account.alice")), "{}");
  assert.equal(gets(), before, "no kv.get for keys the mirror holds");
  mirror.stop();
});

test("another instance's put and delete reach the mirror; a key it does not hold yet is read from the bucket", async () => {
  const { kv, otherKv, gets } = await bucket();
  const mirror = await watchKvMirror(kv);
  await until(() => mirror.live, "the mirror of an empty bucket to be live");
  assert.equal(await mirror.read("s.unknown"), undefined, "an unknown key is absent");
  assert.equal(gets(), 1, "and was looked up in the bucket");
  await otherKv.put("s.1", enc("session one"));
  await until(async () => dec(await mirror.read("s.1")) === "session one", "the put to be readable");
  const afterPut = gets();
  await until(async () => {
    const g = gets();
    await mirror.read("s.1");
    return gets() === g;
  }, "the watch to deliver the put (reads from memory)");
  assert.ok(gets() >= afterPut);
  await otherKv.delete("s.1");
  await until(async () => (await mirror.read("s.1")) === undefined, "the delete to reach the mirror");
  mirror.stop();
});

test("this instance's own put and remove apply at once", async () => {
  const { kv } = await bucket();
  await kv.put("seed", enc("x"));
  const mirror = await watchKvMirror(kv);
  await until(() => mirror.live, "the mirror to load");
  await kv.put("s.own", enc("mine"));
  mirror.put("s.own", enc("mine"));
  assert.equal(dec(await mirror.read("s.own")), "mine");
  await kv.delete("s.own");
  mirror.remove("s.own");
  assert.equal(await mirror.read("s.own"), undefined, "removed before the watch brings the delete");
  mirror.stop();
});

test("a key filter keeps other keys out of memory (read from the bucket instead)", async () => {
  const { kv, gets } = await bucket();
  await kv.put("s.1", enc("session"));
  await kv.put("limit.alice", enc("3"));
  const mirror = await watchKvMirror(kv, { key: "s.>" });
  await until(() => mirror.live, "the mirror to load");
  const g = gets();
  assert.equal(dec(await mirror.read("s.1")), "session");
  assert.equal(gets(), g);
  assert.equal(dec(await mirror.read("limit.alice")), "3");
  assert.equal(gets(), g + 1, "a key outside the filter is read from the bucket");
  mirror.stop();
});

test("an entry older than the TTL counts as expired", async () => {
  const { kv } = await bucket();
  await kv.put("s.old", enc("old session"));
  const mirror = await watchKvMirror(kv, { ttlMs: 150 });
  await until(() => mirror.live, "the mirror to load");
  assert.equal(dec(await mirror.read("s.old")), "old session");
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await mirror.read("s.old"), undefined);
  mirror.stop();
});

test("after the watch stops, or past maxEntries, every read goes to the bucket and stays right", async () => {
  const { kv, otherKv, gets } = await bucket();
  for (let i = 0; i < 5; i++) await kv.put(`k.${i}`, enc(`v${i}`));
  const small = await watchKvMirror(kv, { maxEntries: 3 });
  await until(async () => !small.live && (await kv.status()).values === 5, "the small mirror to give up");
  let g = gets();
  assert.equal(dec(await small.read("k.4")), "v4");
  assert.equal(gets(), g + 1, "an overflowed mirror reads the bucket");
  small.stop();

  const mirror = await watchKvMirror(kv);
  await until(() => mirror.live, "the mirror to load");
  mirror.stop();
  await until(() => !mirror.live, "the stopped watch to end");
  await otherKv.put("k.0", enc("changed after stop"));
  g = gets();
  assert.equal(dec(await mirror.read("k.0")), "changed after stop");
  assert.equal(gets(), g + 1);
});
