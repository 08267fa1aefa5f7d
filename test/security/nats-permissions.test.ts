// Each service connects to NATS as its own user and may publish only the business subjects its
// job needs; the server itself refuses the rest. A forged adjudication published by a
// non-translator user never reaches the bus, so the auditor has nothing to settle; one that does
// reach it (sent as the translator, but not from the link of the claim's insured platform, or on
// the stream instead of by request) is refused, and the claim is not settled.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { headers as natsHeaders, nanos, nkeys, type NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage } from "@tongxing/loadtest";
import { AdjudicationSchema, ClaimEnvelopeSchema, ClaimStatus } from "@tongxing/proto";
import { createAuditor } from "@tongxing/auditor";
import { AdjudicationOutcomes, Advisories, Buckets, connectNats, Headers, hubServiceUsers, renderNatsAuthorization, serviceInboxPrefix, SERVICE_PERMISSIONS, Streams, Subjects, type HubServiceUser } from "@tongxing/nats";
import { createRouter } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, startTestNats, type TestHub } from "@tongxing/testkit";
import { createTranslator } from "@tongxing/translator";

let hub: TestHub;
/** The unrestricted test user's view of every business subject. */
let observer: NatsConnection;
const seen: string[] = [];

before(async () => {
  hub = await startTestHub();
  observer = await connectNats({ servers: hub.nats.url, name: "observer" });
  for (const subject of ["tongxing.>", "$KV.>"]) {
    observer.subscribe(subject, {
      callback: (_err, msg) => {
        seen.push(`${msg.subject} ${new TextDecoder().decode(msg.data)}`);
      },
    });
  }
  await observer.flush();
});

after(async () => {
  await observer.drain();
  await hub.stop();
});

/** Publishes a marked message as a service's user; "refused" if the server reports a permissions violation. */
async function publishAs(service: HubServiceUser, subject: string): Promise<"delivered" | "refused"> {
  const nc = await connectNats({ servers: hub.nats.url, name: `forger-${service}`, ...hub.natsUsers[service] });
  const marker = `forged-by-${service}-${Math.random().toString(36).slice(2)}`;
  let refused = false;
  const watching = (async () => {
    for await (const s of nc.status()) if (s.type === "error" && /permission/i.test(String(s.error))) refused = true;
  })();
  try {
    nc.publish(subject, new TextEncoder().encode(marker));
    await nc.flush();
    await observer.flush();
    const deadline = Date.now() + 1_500;
    while (!refused && !seen.some((l) => l.endsWith(marker)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await nc.close();
    await watching;
  }
  const delivered = seen.some((l) => l === `${subject} ${marker}`);
  assert.ok(!(refused && delivered), "refused and delivered at once");
  return delivered ? "delivered" : refused ? "refused" : (assert.fail(`neither delivered nor refused: ${subject} as ${service}`) as never);
}

test("a forged adjudication from the router's or the auditor's user is refused by the server; the translator's user may publish it", async () => {
  for (const subject of [Subjects.adjudicate("32"), Subjects.adjudications("32")]) {
    assert.equal(await publishAs("router", subject), "refused");
    assert.equal(await publishAs("auditor", subject), "refused");
    assert.equal(await publishAs("translator", subject), "delivered", "the control: the translator's links send adjudications (and its cancels ride the stream)");
  }
});

test("a forged adjudication that reaches the auditor is refused and settles nothing: another platform's link, the stream, a forged adjudicated_by", async () => {
  // A claim insured by 32, waiting in DELIVERY (no platform is connected here).
  const shandong = createGatewayClient(hub.address, "37");
  const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 901, seed: 901 });
  const { claimId } = await shandong.submit(m.payload);
  const jsm = await jetstreamManager(observer);
  const delivered = await jsm.streams.getMessage(Streams.DELIVERY, { last_by_subj: Subjects.delivery("32") });
  const envelope = fromBinary(ClaimEnvelopeSchema, delivered?.data ?? new Uint8Array());
  assert.equal(envelope.claim?.claimId, claimId);
  const forged = (adjudicatedBy: string) => {
    const e = create(ClaimEnvelopeSchema, { ...envelope, adjudication: create(AdjudicationSchema, { claimId, adjudicatedBy, setlId: "FORGED", medfeeSumamt: 100n, fundPaySumamt: 100n }) });
    return toBinary(ClaimEnvelopeSchema, e);
  };
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, claimId);
  h.set(Headers.DELIVERY_ATTEMPT, "1");
  // As the translator's user, the only one the server lets send: yet not the insured platform's link.
  const nc = await connectNats({ servers: hub.nats.url, name: "forger", ...hub.natsUsers.translator });
  try {
    const wrongLink = await nc.request(Subjects.adjudicate("44"), forged("44"), { timeout: 10_000, headers: h });
    assert.equal(wrongLink.headers?.get(Headers.ADJUDICATION_OUTCOME), AdjudicationOutcomes.REFUSED);
    assert.match(wrongLink.headers?.get(Headers.ADJUDICATION_DETAIL) ?? "", /link of platform 44 .*platform 32/);
    const wrongBy = await nc.request(Subjects.adjudicate("32"), forged("44"), { timeout: 10_000, headers: h });
    assert.equal(wrongBy.headers?.get(Headers.ADJUDICATION_OUTCOME), AdjudicationOutcomes.REFUSED, "adjudicated_by must be the link's platform");
    // On the stream, as links sent them before: poisoned (dead-lettered), never decided.
    const ack = await jetstream(nc).publish(Subjects.adjudications("32"), forged("32"), { headers: h });
    for (const deadline = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 50))) {
      const c = await jsm.consumers.info(Streams.ADJUDICATIONS, "auditor");
      if (c.ack_floor.stream_seq >= ack.seq) break;
      if (Date.now() > deadline) throw new Error("the auditor did not take the forged adjudication");
    }
  } finally {
    await nc.close();
  }
  const record = (await shandong.get(claimId)).record;
  assert.equal(record?.status, ClaimStatus.RECEIVED, "not settled, not rejected: still waiting for its platform");
  assert.equal(record?.insuredPlatform, "32", "the record names the platform intake routed it to");
  const ledger = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerAll });
  assert.ok(!Object.keys(ledger.state.subjects ?? {}).some((s) => s.includes(claimId)), "no ledger entry");
  shandong.close();
});

test("only the auditor writes the ledger, the audit chain and results; the translator (routing at intake) and the router deliver, only the router queues; only the translator takes claims in", async () => {
  const cells: Record<string, string> = {};
  const subjects = {
    ledger: Subjects.ledger("settlement", "C000000000000000000000000"),
    auditChain: Subjects.auditChain,
    settlements: Subjects.settlements("37"),
    answers: Subjects.answers("37", "instanceA"),
    delivery: Subjects.delivery("32"),
    queued: Subjects.deliveryQueued("32"),
    claims: Subjects.claims("32"),
  };
  for (const [name, subject] of Object.entries(subjects)) {
    for (const service of ["translator", "router", "auditor"] as const) cells[`${name} by ${service}`] = await publishAs(service, subject);
  }
  assert.deepEqual(cells, {
    "ledger by translator": "refused", "ledger by router": "refused", "ledger by auditor": "delivered",
    "auditChain by translator": "refused", "auditChain by router": "refused", "auditChain by auditor": "delivered",
    "settlements by translator": "refused", "settlements by router": "refused", "settlements by auditor": "delivered",
    "answers by translator": "refused", "answers by router": "refused", "answers by auditor": "delivered",
    "delivery by translator": "delivered", "delivery by router": "delivered", "delivery by auditor": "refused",
    "queued by translator": "refused", "queued by router": "delivered", "queued by auditor": "refused",
    "claims by translator": "delivered", "claims by router": "refused", "claims by auditor": "refused",
  });
});

test("only the translator stores cancel requests and reversal answers; only the auditor queues reversals for a platform's link", async () => {
  const cells: Record<string, string> = {};
  const subjects = { request: Subjects.reversalRequest("37"), answer: Subjects.reversalAnswer("32"), link: Subjects.reversalLink("32") };
  for (const [name, subject] of Object.entries(subjects)) {
    for (const service of ["translator", "router", "auditor"] as const) cells[`${name} by ${service}`] = await publishAs(service, subject);
  }
  assert.deepEqual(cells, {
    "request by translator": "delivered", "request by router": "refused", "request by auditor": "refused",
    "answer by translator": "delivered", "answer by router": "refused", "answer by auditor": "refused",
    "link by translator": "refused", "link by router": "refused", "link by auditor": "delivered",
  });
});

test("KV buckets are written only by their owners: each service's writes to another's bucket are refused", async () => {
  const cells: Record<string, string> = {};
  for (const bucket of ["claims", "filings", "institutions", "routing", "policies", "console"]) {
    for (const service of ["translator", "router", "auditor"] as const) cells[`${bucket} by ${service}`] = await publishAs(service, `$KV.${bucket}.permission-probe`);
  }
  assert.deepEqual(cells, {
    "claims by translator": "delivered", "claims by router": "refused", "claims by auditor": "delivered",
    "filings by translator": "delivered", "filings by router": "refused", "filings by auditor": "refused",
    "institutions by translator": "delivered", "institutions by router": "refused", "institutions by auditor": "refused",
    "routing by translator": "refused", "routing by router": "delivered", "routing by auditor": "refused",
    "policies by translator": "refused", "policies by router": "delivered", "policies by auditor": "refused",
    "console by translator": "refused", "console by router": "refused", "console by auditor": "delivered",
  });
});

test("no service user may delete or purge a stream through the JetStream API", async () => {
  const jsm = await jetstreamManager(observer);
  await jsm.streams.add({ name: "PERMISSION_PROBE", subjects: ["probe.permissions.>"] });
  for (const service of ["translator", "router", "auditor"] as const) {
    const nc = await connectNats({ servers: hub.nats.url, name: `deleter-${service}`, ...hub.natsUsers[service] });
    try {
      const theirs = await jetstreamManager(nc);
      await assert.rejects(theirs.streams.delete("PERMISSION_PROBE"), /permission/i, `${service} deletes no stream`);
      await assert.rejects(theirs.streams.purge("PERMISSION_PROBE"), /permission/i, `${service} purges no stream`);
      await assert.rejects(theirs.streams.delete(Streams.LEDGER), /permission/i, `${service} deletes no hub stream`);
      assert.equal((await theirs.streams.info(Streams.LEDGER)).config.name, Streams.LEDGER, `${service} still reads a hub stream's info (the API is not closed)`);
    } finally {
      await nc.close();
    }
  }
  assert.equal(await jsm.streams.delete("PERMISSION_PROBE"), true, "the control: an unrestricted user may");
});

/** Subscribes as a service's user: "refused" if the server answers the SUB with a permissions violation (it does so before the PONG of the flush). */
async function subscribeAs(service: HubServiceUser, subject: string): Promise<"allowed" | "refused"> {
  const nc = await connectNats({ servers: hub.nats.url, name: `listener-${service}`, ...hub.natsUsers[service] });
  try {
    let error: unknown;
    nc.subscribe(subject, {
      callback: (err) => {
        error ??= err ?? undefined;
      },
    });
    await nc.flush();
    return error === undefined ? "allowed" : /permission/i.test(String(error)) ? "refused" : (assert.fail(`unexpected error: ${String(error)}`) as never);
  } finally {
    await nc.close();
  }
}

test("each service subscribes only to what it serves: no one listens to another's subjects, KV traffic or inboxes", async () => {
  const subjects = {
    adjudicate: Subjects.adjudicateAll,
    answers: Subjects.answersOfSubmitter("37"),
    settlements: Subjects.settlements("37"),
    presettle: Subjects.preSettle("32"),
    auditChain: Subjects.auditChain,
    claims: Subjects.claimsAll,
    delivery: Subjects.delivery("32"),
    ledger: Subjects.ledgerAll,
    kvClaims: "$KV.claims.>",
    advisories: "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
    everyInbox: "_INBOX.>",
    translatorInbox: `${serviceInboxPrefix("translator")}.>`,
  };
  const cells: Record<string, string> = {};
  for (const [name, subject] of Object.entries(subjects)) {
    for (const service of ["translator", "router", "auditor"] as const) cells[`${name} by ${service}`] = await subscribeAs(service, subject);
  }
  assert.deepEqual(cells, {
    "adjudicate by translator": "refused", "adjudicate by router": "refused", "adjudicate by auditor": "allowed",
    "answers by translator": "allowed", "answers by router": "refused", "answers by auditor": "refused",
    "settlements by translator": "allowed", "settlements by router": "refused", "settlements by auditor": "refused",
    "presettle by translator": "allowed", "presettle by router": "refused", "presettle by auditor": "refused",
    "auditChain by translator": "refused", "auditChain by router": "refused", "auditChain by auditor": "allowed",
    "claims by translator": "refused", "claims by router": "refused", "claims by auditor": "refused",
    "delivery by translator": "refused", "delivery by router": "refused", "delivery by auditor": "refused",
    "ledger by translator": "refused", "ledger by router": "refused", "ledger by auditor": "refused",
    "kvClaims by translator": "refused", "kvClaims by router": "refused", "kvClaims by auditor": "refused",
    "advisories by translator": "refused", "advisories by router": "allowed", "advisories by auditor": "refused",
    "everyInbox by translator": "refused", "everyInbox by router": "refused", "everyInbox by auditor": "refused",
    "translatorInbox by translator": "allowed", "translatorInbox by router": "refused", "translatorInbox by auditor": "refused",
  });
});

test("KV buckets are read only by the services that use them: a get from another's bucket is refused", async () => {
  // a value in each bucket, put by the unrestricted user
  const kvm = new Kvm(observer);
  const buckets = [Buckets.CLAIMS, Buckets.FILINGS, Buckets.ROUTING, Buckets.PLATFORM_KEYS, "console"];
  for (const b of buckets) await (b === "console" ? kvm.create(b) : kvm.open(b)).then((kv) => kv.put("permission-probe", "x"));
  const cells: Record<string, string> = {};
  for (const bucket of buckets) {
    for (const service of ["translator", "router", "auditor"] as const) {
      const nc = await connectNats({ servers: hub.nats.url, name: `reader-${service}`, ...hub.natsUsers[service] });
      try {
        const value = await (await new Kvm(nc).open(bucket)).get("permission-probe");
        cells[`${bucket} by ${service}`] = value?.string() === "x" ? "read" : "nothing";
      } catch (err) {
        cells[`${bucket} by ${service}`] = /permission/i.test(String(err)) ? "refused" : String(err);
      } finally {
        await nc.close();
      }
    }
  }
  assert.deepEqual(cells, {
    "claims by translator": "read", "claims by router": "refused", "claims by auditor": "read",
    "filings by translator": "read", "filings by router": "refused", "filings by auditor": "read",
    "routing by translator": "read", "routing by router": "read", "routing by auditor": "read",
    "platform-keys by translator": "read", "platform-keys by router": "refused", "platform-keys by auditor": "refused",
    "console by translator": "refused", "console by router": "refused", "console by auditor": "read",
  });
});

test("no service changes a stream it does not own, makes a stream of its own, or reads another's stream through a consumer", async () => {
  const refused = /permission/i;
  for (const service of ["translator", "router", "auditor"] as const) {
    const nc = await connectNats({ servers: hub.nats.url, name: `reconfigurer-${service}`, ...hub.natsUsers[service] });
    try {
      const jsm = await jetstreamManager(nc);
      const ledger = (await jsm.streams.info(Streams.LEDGER)).config;
      if (service !== "auditor") await assert.rejects(jsm.streams.update(Streams.LEDGER, { ...ledger, max_msgs: 10 }), refused, `${service} may not update LEDGER`);
      const claims = (await jsm.streams.info(Streams.CLAIMS)).config;
      await assert.rejects(jsm.streams.update(Streams.CLAIMS, { ...claims, max_age: nanos(60_000) }), refused, `${service} may not update CLAIMS`);
      // a stream of its own would capture subjects no stream holds (the answers, the adjudication requests)
      await assert.rejects(jsm.streams.add({ name: `CAPTURE_${service}`, subjects: [Subjects.answersAll] }), refused, `${service} makes no stream`);
      // "creating" a hub stream that exists with another configuration changes nothing
      await assert.rejects(jsm.streams.add({ ...ledger, deny_delete: false, deny_purge: false }), (err: unknown) => !refused.test(String(err)) && /already in use|different configuration/i.test(String(err)), `${service}: LEDGER stays as it is`);
      if (service !== "auditor") await assert.rejects(jsm.consumers.add(Streams.ADJUDICATIONS, { durable_name: `spy-${service}`, filter_subject: Subjects.adjudicationsAll, ack_policy: AckPolicy.Explicit }), refused, `${service} reads no adjudications`);
      if (service !== "translator") await assert.rejects(jsm.consumers.add(Streams.DELIVERY, { durable_name: `spy-${service}`, filter_subject: Subjects.delivery("32"), ack_policy: AckPolicy.Explicit }), refused, `${service} takes no platform's deliveries`);
      if (service === "router") await assert.rejects(jsm.streams.getMessage(Streams.AUDIT_CHAIN, { seq: 1 }), refused, "the router reads no audit chain");
    } finally {
      await nc.close();
    }
  }
  // the controls: the owner may update its stream (here to the same configuration)
  const routerNc = await connectNats({ servers: hub.nats.url, name: "owner-router", ...hub.natsUsers.router });
  try {
    const jsm = await jetstreamManager(routerNc);
    const settlements = (await jsm.streams.info(Streams.SETTLEMENTS)).config;
    assert.equal((await jsm.streams.update(Streams.SETTLEMENTS, settlements)).config.name, Streams.SETTLEMENTS, "the router sets SETTLEMENTS' retention");
  } finally {
    await routerNc.close();
  }
  const auditorNc = await connectNats({ servers: hub.nats.url, name: "owner-auditor", ...hub.natsUsers.auditor });
  try {
    const jsm = await jetstreamManager(auditorNc);
    const ledger = (await jsm.streams.info(Streams.LEDGER)).config;
    assert.equal((await jsm.streams.update(Streams.LEDGER, ledger)).config.deny_delete, true, "the auditor keeps LEDGER append-only");
  } finally {
    await auditorNc.close();
  }
});

test("the services connect as their own users: on a server with no anonymous user they start with their credentials and not without", async () => {
  const passwords = { translator: "t-secret", router: "r-secret", auditor: "a-secret" };
  const nats = await startTestNats({ authorization: renderNatsAuthorization(hubServiceUsers(passwords)) });
  const log = createLogger({ service: "users-test", level: "silent" });
  try {
    const router = createRouter({ natsUrl: nats.url, natsUser: "router", natsPassword: passwords.router, metricsAddress: "127.0.0.1:0" }, log);
    await router.start();
    const auditor = createAuditor({ natsUrl: nats.url, natsUser: "auditor", natsPassword: passwords.auditor, regulatorApiAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0" }, log);
    await auditor.start();
    const translator = createTranslator({ natsUrl: nats.url, natsUser: "translator", natsPassword: passwords.translator, grpcAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0", tls: hub.pki.serverTls }, log);
    await translator.start();
    await translator.stop();
    await auditor.stop();
    await router.stop();
    const anonymous = createRouter({ natsUrl: nats.url, metricsAddress: "127.0.0.1:0" }, log);
    await assert.rejects(anonymous.start(), /authorization/i);
    await anonymous.stop();
    const wrong = createAuditor({ natsUrl: nats.url, natsUser: "auditor", natsPassword: "guess", regulatorApiAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0" }, log);
    await assert.rejects(wrong.start(), /authorization/i);
    await wrong.stop();
  } finally {
    await nats.stop();
  }
});

test("a service may prove its user with an nkey instead of a password, and gets the same permissions", async () => {
  const routerKey = nkeys.createUser();
  const seed = new TextDecoder().decode(routerKey.getSeed());
  const users = [...hubServiceUsers({ translator: "t-secret", router: "unused", auditor: "a-secret" }).filter((u) => u.user !== "router"), { user: "router", nkey: routerKey.getPublicKey(), permissions: SERVICE_PERMISSIONS.router }];
  const nats = await startTestNats({ authorization: renderNatsAuthorization(users) });
  const log = createLogger({ service: "nkey-test", level: "silent" });
  try {
    // the service itself: NATS_USER names it, the seed proves it
    const router = createRouter({ natsUrl: nats.url, natsUser: "router", natsNkeySeed: seed, metricsAddress: "127.0.0.1:0" }, log);
    await router.start();
    await router.stop();
    const nc = await connectNats({ servers: nats.url, name: "nkey-router", user: "router", nkeySeed: seed });
    try {
      const errors: string[] = [];
      for (const subject of [Advisories.maxDeliveriesAll, Subjects.adjudicateAll]) {
        nc.subscribe(subject, {
          callback: (err) => {
            if (err !== null) errors.push(`${subject}: ${String(err)}`);
          },
        });
      }
      await nc.flush();
      assert.equal(errors.length, 1, errors.join("; "));
      assert.match(errors[0] ?? "", /tongxing\.adjudicate\.>.*permission/i, "the router's permissions apply to its nkey");
      await assert.rejects((await jetstreamManager(nc)).streams.delete(Streams.CLAIMS), /permission/i);
    } finally {
      await nc.close();
    }
    const other = new TextDecoder().decode(nkeys.createUser().getSeed());
    const impostor = createRouter({ natsUrl: nats.url, natsUser: "router", natsNkeySeed: other, metricsAddress: "127.0.0.1:0" }, log);
    await assert.rejects(impostor.start(), /authorization/i, "another nkey is refused");
    await impostor.stop();
    assert.throws(() => createRouter({ natsUrl: nats.url, natsUser: "router", natsNkeySeed: seed, natsPassword: "also", metricsAddress: "127.0.0.1:0" }, log), /not both/);
  } finally {
    await nats.stop();
  }
});
