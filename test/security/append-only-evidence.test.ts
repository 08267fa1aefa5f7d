// The ledger and the audit chain are evidence: the server itself refuses to delete a message of
// them or purge them, whoever asks (a real nats-server; the streams as the services create them).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstream, jetstreamManager, RetentionPolicy, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats, ensureTopology, Streams, Subjects } from "@tongxing/nats";
import { startTestNats, type TestNats } from "@tongxing/testkit";

let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "append-only-test" });
  jsm = await jetstreamManager(nc);
  // LEDGER as an older hub made it (not yet append-only): ensureTopology must harden it.
  await jsm.streams.add({ name: Streams.LEDGER, subjects: [Subjects.ledgerAll], retention: RetentionPolicy.Limits });
  await ensureTopology(nc, jsm);
});

after(async () => {
  await nc.drain();
  await nats.stop();
});

for (const stream of [Streams.LEDGER, Streams.AUDIT_CHAIN]) {
  test(`${stream}: a message cannot be deleted and the stream cannot be purged`, async () => {
    const info = await jsm.streams.info(stream);
    assert.equal(info.config.deny_delete, true);
    assert.equal(info.config.deny_purge, true);
    const subject = stream === Streams.LEDGER ? Subjects.ledgerAll.replace(">", "test.entry") : Subjects.auditChain;
    const ack = await jetstream(nc).publish(subject, new TextEncoder().encode("evidence"));
    await assert.rejects(jsm.streams.deleteMessage(stream, ack.seq), /delete/i);
    await assert.rejects(jsm.streams.purge(stream), /purge/i);
    assert.equal((await jsm.streams.info(stream)).state.messages >= 1, true, "the message is still there");
  });
}
