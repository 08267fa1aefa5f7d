// A message that exhausts its deliveries while no router runs is not stranded for ever (issue 16):
// the server's max-deliveries advisory goes to nobody then, so the message would sit in its work
// queue unseen. Real nats-server, the real router in-process: with the router stopped, a
// platform's link consumer receives a delivery and never acks it until the server gives up;
// the router, started after, finds it with its periodic sweep, copies it to the dead letters
// with the reason and removes it from DELIVERY. A message merely waiting for its ack on another
// consumer is left alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats, Consumers, DeadLetterReasons, ensureDurableConsumer, ensureTopology, Headers, Streams, Subjects } from "@tongxing/nats";
import { createRouter, type Router } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { startTestNats, type TestNats } from "@tongxing/testkit";

let nats: TestNats;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let router: Router | undefined;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "stranded-messages-test" });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureTopology(nc, jsm);
});

after(async () => {
  await router?.stop();
  await nc.drain();
  await nats.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inStream = async (seq: number) => (await jsm.streams.getMessage(Streams.DELIVERY, { seq }).catch(() => null)) !== null;
const deadLetterOf = async (seq: number) => {
  const d = await jsm.streams.getMessage(Streams.DEADLETTER, { last_by_subj: Subjects.deadletter(DeadLetterReasons.MAX_DELIVERIES) }).catch(() => null);
  return d !== null && d.header.get(Headers.ORIGINAL_STREAM) === Streams.DELIVERY && d.header.get(Headers.ORIGINAL_SEQ) === String(seq) ? d : undefined;
};

test("a message over its delivery limit while no router ran reaches the dead letters once a router starts", async () => {
  // A link consumer that gives up after 3 deliveries, and one whose message waits for its ack.
  await ensureDurableConsumer(jsm, { stream: Streams.DELIVERY, durable: Consumers.link("98"), filterSubject: Subjects.delivery("98"), retry: { maxDeliver: 3, backoffMs: [150, 300] } });
  await ensureDurableConsumer(jsm, { stream: Streams.DELIVERY, durable: Consumers.link("97"), filterSubject: Subjects.delivery("97"), retry: { maxDeliver: 3, backoffMs: [600_000] } });
  const waiting = await js.publish(Subjects.delivery("97"), new TextEncoder().encode("claim for 97"), { msgID: "C97:routed" });
  const held = await (await js.consumers.get(Streams.DELIVERY, Consumers.link("97"))).next();
  assert.ok(held !== null, "the waiting message is delivered once and held without an ack");

  const stranded = await js.publish(Subjects.delivery("98"), new TextEncoder().encode("claim for 98"), { msgID: "C98:routed" });
  const messages = await (await js.consumers.get(Streams.DELIVERY, Consumers.link("98"))).consume({ max_messages: 4 });
  let deliveries = 0;
  const reading = (async () => {
    for await (const m of messages) {
      void m; // received and never answered: the ack wait runs out each time
      deliveries++;
    }
  })();
  // The server gives up: the message is no longer pending, and its advisory went to nobody.
  await until("the consumer to give up", async () => (deliveries >= 3 && (await jsm.consumers.info(Streams.DELIVERY, Consumers.link("98"))).num_ack_pending === 0 ? true : undefined));
  messages.stop();
  await reading;
  assert.equal(deliveries, 3);
  assert.ok(await inStream(stranded.seq), "stranded in its work queue");
  assert.equal(await deadLetterOf(stranded.seq), undefined, "not dead-lettered while no router ran");

  router = createRouter({ natsUrl: nats.url, strandedSweepIntervalMs: 300, metricsAddress: "127.0.0.1:0" }, createLogger({ service: "router", level: "error" }));
  await router.start();
  const dead = await until("the stranded message in the dead letters", () => deadLetterOf(stranded.seq));
  assert.equal(dead.header.get(Headers.DEADLETTER_REASON), DeadLetterReasons.MAX_DELIVERIES);
  assert.match(dead.header.get(Headers.DEADLETTER_DETAIL), /consumer link-98 stopped delivering it after 3 deliveries .*periodic sweep/);
  assert.equal(dead.header.get(Headers.ORIGINAL_MSG_ID), "C98:routed");
  assert.equal(dead.header.get(Headers.ORIGINAL_SUBJECT), Subjects.delivery("98"));
  assert.equal(new TextDecoder().decode(dead.data), "claim for 98");
  await until("the message off its work queue", async () => ((await inStream(stranded.seq)) ? undefined : true));

  // The message waiting for its ack was swept past, not taken.
  assert.ok(await inStream(waiting.seq), "a delivered message awaiting its ack stays");
  assert.equal((await jsm.consumers.info(Streams.DELIVERY, Consumers.link("97"))).num_ack_pending, 1);
  await held.ackAck();
  assert.equal(await inStream(waiting.seq), false);
});
