// Bounded retries against a real nats-server: a message whose handler always fails is delivered
// exactly as often as its consumer allows, then lands in the dead letters with the reason and
// where it came from; a poison message is dead-lettered at once; a message nobody ever acks
// (a process that dies on it every time) is dead-lettered by the sweeper from the server's
// advisory and removed from its work queue.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { connectNats } from "./connect.js";
import { startDeadLetterSweeper } from "./dead-letter-sweeper.js";
import { ensureDurableConsumer, ensureTopology } from "./ensure-topology.js";
import { Outcome } from "./message-outcome.js";
import { startMessagePump } from "./message-pump.js";
import { startNatsServer, type NatsServerProcess } from "./nats-server-process.js";
import { Consumers, DeadLetterReasons, Headers, MsgIds, Streams, Subjects } from "./topology.js";

let server: NatsServerProcess;
let storeDir: string;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

before(async () => {
  storeDir = mkdtempSync(join(tmpdir(), "tongxing-bounded-retries-"));
  server = await startNatsServer({ storeDir });
  nc = await connectNats({ servers: server.url, name: "bounded-retries-test" });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
  await ensureTopology(nc, jsm);
});

after(async () => {
  await nc.drain();
  await server.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

const FAST = { maxDeliver: 3, backoffMs: [150, 300] } as const;

async function lastDeadLetter(reason: string) {
  return jsm.streams.getMessage(Streams.DEADLETTER, { last_by_subj: Subjects.deadletter(reason) }).catch(() => null);
}

async function eventually<T>(probe: () => Promise<T | undefined | null>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("the hub's durables are created with a delivery limit and backoff", async () => {
  await ensureDurableConsumer(jsm, { stream: Streams.CLAIMS, durable: Consumers.ROUTER, filterSubject: Subjects.claimsAll });
  const info = await jsm.consumers.info(Streams.CLAIMS, Consumers.ROUTER);
  assert.equal(info.config.max_deliver, 12);
  assert.equal(info.config.backoff?.length, 6);
  await jsm.consumers.delete(Streams.CLAIMS, Consumers.ROUTER);
  await ensureDurableConsumer(jsm, { stream: Streams.DELIVERY, durable: Consumers.link("11"), filterSubject: Subjects.delivery("11"), ackWaitMs: 10_000 });
  const link = await jsm.consumers.info(Streams.DELIVERY, Consumers.link("11"));
  assert.equal(link.config.max_deliver, 100);
  assert.equal(link.config.ack_wait, 10_000 * 1_000_000);
  // An existing durable without limits (an older version's) is brought up to date.
  await jsm.consumers.update(Streams.DELIVERY, Consumers.link("11"), { max_deliver: -1, backoff: [] });
  await ensureDurableConsumer(jsm, { stream: Streams.DELIVERY, durable: Consumers.link("11"), filterSubject: Subjects.delivery("11"), ackWaitMs: 10_000 });
  assert.equal((await jsm.consumers.info(Streams.DELIVERY, Consumers.link("11"))).config.max_deliver, 100);
  await jsm.consumers.delete(Streams.DELIVERY, Consumers.link("11"));
});

test("a handler that always fails ends in the dead letters after maxDeliver deliveries, with the reason", async () => {
  await ensureDurableConsumer(jsm, { stream: Streams.CLAIMS, durable: "always-fails", filterSubject: Subjects.claims("11"), retry: FAST });
  const seen: number[] = [];
  const pump = await startMessagePump({
    js,
    stream: Streams.CLAIMS,
    durable: "always-fails",
    concurrency: 4,
    handler: async (msg) => {
      seen.push(msg.info.deliveryCount);
      throw new Error("downstream refuses");
    },
    onError: () => {},
  });
  await js.publish(Subjects.claims("11"), new TextEncoder().encode("claim-a"), { msgID: MsgIds.claim("CAAA"), headers: claimHeaders("CAAA") });
  const dead = await eventually(() => lastDeadLetter(DeadLetterReasons.MAX_DELIVERIES));
  await pump.stop();
  assert.deepEqual(seen, [1, 2, 3], "delivered exactly maxDeliver times");
  assert.equal(new TextDecoder().decode(dead.data), "claim-a");
  assert.equal(dead.header.get(Headers.DEADLETTER_REASON), DeadLetterReasons.MAX_DELIVERIES);
  assert.match(dead.header.get(Headers.DEADLETTER_DETAIL), /3 deliveries; last: handler failed: downstream refuses/);
  assert.equal(dead.header.get(Headers.ORIGINAL_SUBJECT), Subjects.claims("11"));
  assert.equal(dead.header.get(Headers.ORIGINAL_STREAM), Streams.CLAIMS);
  assert.equal(dead.header.get(Headers.ORIGINAL_MSG_ID), MsgIds.claim("CAAA"));
  assert.equal(dead.header.get(Headers.CLAIM_ID), "CAAA");
  assert.equal(dead.header.get(Headers.DELIVERIES), "3");
  // Terminated: the work queue no longer holds it, and nobody gets it again.
  await eventually(async () => ((await jsm.consumers.info(Streams.CLAIMS, "always-fails")).num_ack_pending === 0 ? true : undefined), 3_000);
  assert.equal((await jsm.consumers.info(Streams.CLAIMS, "always-fails")).num_pending, 0);
  assert.equal((await jsm.streams.info(Streams.CLAIMS)).state.messages, 0);
  await jsm.consumers.delete(Streams.CLAIMS, "always-fails");
});

test("a poison outcome is dead-lettered at once with the handler's reason, never dropped", async () => {
  await ensureDurableConsumer(jsm, { stream: Streams.CLAIMS, durable: "poisoned", filterSubject: Subjects.claims("12"), retry: FAST });
  let calls = 0;
  const pump = await startMessagePump({
    js,
    stream: Streams.CLAIMS,
    durable: "poisoned",
    concurrency: 4,
    handler: async () => {
      calls++;
      return Outcome.poison("envelope without claim");
    },
    onError: () => {},
  });
  await js.publish(Subjects.claims("12"), new TextEncoder().encode("junk"), { msgID: "junk-1" });
  const dead = await eventually(() => lastDeadLetter(DeadLetterReasons.POISON));
  await pump.stop();
  assert.equal(calls, 1);
  assert.equal(dead.header.get(Headers.DEADLETTER_DETAIL), "envelope without claim");
  assert.equal(dead.header.get(Headers.ORIGINAL_MSG_ID), "junk-1");
  await eventually(async () => ((await jsm.streams.info(Streams.CLAIMS)).state.messages === 0 ? true : undefined), 3_000);
  await jsm.consumers.delete(Streams.CLAIMS, "poisoned");
});

test("a message never acked (a process dying on it each time) is swept to the dead letters and off its work queue", async () => {
  const sweeper = startDeadLetterSweeper({ nc, js, jsm, onError: (err) => assert.fail(String(err)) });
  await ensureDurableConsumer(jsm, { stream: Streams.ADJUDICATIONS, durable: "never-acks", filterSubject: Subjects.adjudications("13"), retry: FAST });
  await js.publish(Subjects.adjudications("13"), new TextEncoder().encode("adj"), { msgID: MsgIds.adjudication("CBBB") });
  const consumer = await js.consumers.get(Streams.ADJUDICATIONS, "never-acks");
  const messages = await consumer.consume({ max_messages: 4 });
  let deliveries = 0;
  const reading = (async () => {
    for await (const m of messages) {
      void m; // received and never answered: the ack wait (backoff) runs out each time
      deliveries++;
    }
  })();
  const dead = await eventually(async () => {
    const d = await lastDeadLetter(DeadLetterReasons.MAX_DELIVERIES);
    return d?.header.get(Headers.ORIGINAL_STREAM) === Streams.ADJUDICATIONS ? d : undefined;
  });
  messages.stop();
  await reading;
  assert.equal(deliveries, 3);
  assert.match(dead.header.get(Headers.DEADLETTER_DETAIL), /never-acks gave up after 3 deliveries/);
  assert.equal(dead.header.get(Headers.ORIGINAL_MSG_ID), MsgIds.adjudication("CBBB"));
  // Removed from the work queue once copied (just after the copy lands).
  await eventually(async () => ((await jsm.streams.info(Streams.ADJUDICATIONS)).state.messages === 0 ? true : undefined), 3_000);
  sweeper.stop();
  await jsm.consumers.delete(Streams.ADJUDICATIONS, "never-acks");
});

function claimHeaders(claimId: string) {
  const h = headers();
  h.set(Headers.CLAIM_ID, claimId);
  return h;
}
