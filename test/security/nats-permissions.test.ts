// Each service connects to NATS as its own user and may publish only the business subjects its
// job needs; the server itself refuses the rest. A forged adjudication published by a
// non-translator user never reaches the bus, so the auditor has nothing to settle.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { createAuditor } from "@tongxing/auditor";
import { connectNats, hubServiceUsers, renderNatsAuthorization, Subjects, type HubServiceUser } from "@tongxing/nats";
import { createRouter } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { startTestHub, startTestNats, type TestHub } from "@tongxing/testkit";
import { createTranslator } from "@tongxing/translator";

let hub: TestHub;
/** The unrestricted test user's view of every business subject. */
let observer: NatsConnection;
const seen: string[] = [];

before(async () => {
  hub = await startTestHub();
  observer = await connectNats({ servers: hub.nats.url, name: "observer" });
  observer.subscribe("tongxing.>", {
    callback: (_err, msg) => {
      seen.push(`${msg.subject} ${new TextDecoder().decode(msg.data)}`);
    },
  });
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
  const subject = Subjects.adjudications("32");
  assert.equal(await publishAs("router", subject), "refused");
  assert.equal(await publishAs("auditor", subject), "refused");
  assert.equal(await publishAs("translator", subject), "delivered", "the control: the translator's link publishes adjudications");
});

test("only the auditor writes the ledger, the audit chain and results; only the router delivers; only the translator takes claims in", async () => {
  const cells: Record<string, string> = {};
  const subjects = {
    ledger: Subjects.ledger("settlement", "C000000000000000000000000"),
    auditChain: Subjects.auditChain,
    settlements: Subjects.settlements("37"),
    delivery: Subjects.delivery("32"),
    claims: Subjects.claims("32"),
  };
  for (const [name, subject] of Object.entries(subjects)) {
    for (const service of ["translator", "router", "auditor"] as const) cells[`${name} by ${service}`] = await publishAs(service, subject);
  }
  assert.deepEqual(cells, {
    "ledger by translator": "refused", "ledger by router": "refused", "ledger by auditor": "delivered",
    "auditChain by translator": "refused", "auditChain by router": "refused", "auditChain by auditor": "delivered",
    "settlements by translator": "refused", "settlements by router": "refused", "settlements by auditor": "delivered",
    "delivery by translator": "refused", "delivery by router": "delivered", "delivery by auditor": "refused",
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
