// Two translator instances on one hub, on real components: each instance's SettleClaim results are
// addressed to that instance alone (not fanned out to every translator), and a call on one instance
// is still answered when its result is addressed to the other: a resubmission while the first call
// waits elsewhere, and a reversal of a claim settled through the other instance. Answered results
// leave the claim out (the call holds it); link results carry it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Headers, Subjects } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, SettlementCancelSchema, SettlementEnvelopeSchema, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createLogger } from "@tongxing/telemetry";
import { createGatewayClient, registerHubPki, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { createTranslator, type Translator } from "@tongxing/translator";

let hub: TestHub;
let second: Translator;
let secondAddress: string;
let platforms: SimulatedPlatforms[] = [];
let viaA: GatewayClient;
let viaB: GatewayClient;
let nc: NatsConnection;
let observers: Subscription[] = [];
/** Subject of every result published, by claim id. */
const resultSubjects = new Map<string, string[]>();
/** Whether each result carried the claim, by subject and claim id. */
const carriedClaim = new Map<string, boolean>();

before(async () => {
  hub = await startTestHub();
  second = createTranslator({ natsUrl: hub.nats.url, grpcAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0", tls: hub.pki.serverTls }, createLogger({ service: "translator-b", level: "warn" }));
  secondAddress = await second.start();
  registerHubPki(secondAddress, hub.pki);
  nc = await connectNats({ servers: hub.nats.url, name: "two-translators-test" });
  // Answers to waiting calls (core NATS) and results for links (SETTLEMENTS): every result sent.
  observers = [Subjects.settlementsAll, Subjects.answersAll].map((subject) =>
    nc.subscribe(subject, {
      callback: (_err, msg) => {
        const claimId = msg.headers?.get(Headers.CLAIM_ID) ?? "";
        resultSubjects.set(claimId, [...(resultSubjects.get(claimId) ?? []), msg.subject]);
        carriedClaim.set(`${msg.subject} ${claimId}`, fromBinary(SettlementEnvelopeSchema, msg.data).claim !== undefined);
      },
    }),
  );
  await nc.flush();
  // Jiangsu adjudicates at once; Guangdong's link comes up only when a test connects it.
  platforms.push(startSimulatedPlatforms({ address: hub.address, provinces: ["32"] }));
  viaA = createGatewayClient(hub.address, "37");
  viaB = createGatewayClient(secondAddress, "37");
});

after(async () => {
  for (const o of observers) o.unsubscribe();
  await nc.drain();
  viaA.close();
  viaB.close();
  for (const p of platforms) p.close();
  await second.stop();
  await hub.stop();
});

const ANSWERED = /^tongxing\.answers\.37\.([A-Za-z0-9]+)$/;

function instanceOf(claimId: string): string | undefined {
  const subjects = resultSubjects.get(claimId) ?? [];
  assert.equal(subjects.length, 1, `one result for ${claimId}: ${subjects.join(", ")}`);
  return ANSWERED.exec(subjects[0] ?? "")?.[1];
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let settledViaA: SettleClaimResponse;

test("each instance's SettleClaim results go to that instance's own subject (core NATS, not stored)", async () => {
  settledViaA = await viaA.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 71 }).payload);
  const settledViaB = await viaB.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 72 }).payload);
  assert.equal(settledViaA.status, ClaimStatus.SETTLED);
  assert.equal(settledViaB.status, ClaimStatus.SETTLED);
  await until("both results observed", () => resultSubjects.has(settledViaA.claimId) && resultSubjects.has(settledViaB.claimId));
  const a = instanceOf(settledViaA.claimId);
  const b = instanceOf(settledViaB.claimId);
  assert.ok(a !== undefined && b !== undefined, "both results are addressed to an instance");
  assert.notEqual(a, b, "the two instances' results go to different subjects");
  for (const c of [settledViaA, settledViaB]) {
    assert.equal(carriedClaim.get(`${resultSubjects.get(c.claimId)?.[0]} ${c.claimId}`), false, "an answered result leaves the claim out");
  }
});

test("a resubmission on B while the first call still waits on A is answered with the same settlement", async () => {
  const payload = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq: 3, seed: 73 }).payload;
  // Guangdong's link is down: the claim waits in DELIVERY while both calls wait.
  const first = viaA.settle(payload, { timeoutMs: 30_000 });
  await new Promise((r) => setTimeout(r, 400));
  const again = viaB.settle(payload, { timeoutMs: 30_000 });
  await new Promise((r) => setTimeout(r, 400));
  platforms.push(startSimulatedPlatforms({ address: hub.address, provinces: ["44"] }));
  const [one, two] = await Promise.all([first, again]);
  assert.equal(one.status, ClaimStatus.SETTLED);
  assert.equal(one.duplicate, false);
  assert.equal(two.claimId, one.claimId);
  assert.equal(two.duplicate, true);
  assert.equal(two.status, ClaimStatus.SETTLED);
  assert.equal(two.settlement?.adjudication?.setlId, one.settlement?.adjudication?.setlId);
  assert.equal(two.settlement?.adjudication?.fundPaySumamt, one.settlement?.adjudication?.fundPaySumamt);
  assert.ok(instanceOf(one.claimId) !== undefined, "the result was addressed to the first call's instance");
});

test("a reversal asked on B of a claim settled through A is answered CANCELLED", async () => {
  const claim = (await viaA.get(settledViaA.claimId)).record?.claim;
  const payload = toBinary(
    SettlementCancelSchema,
    create(SettlementCancelSchema, {
      setlId: settledViaA.settlement?.adjudication?.setlId ?? "",
      mdtrtId: claim?.encounter?.mdtrtId ?? "",
      psnNo: claim?.person?.psnNo ?? "",
      msgid: "37000020261202120000000099",
      infno: "2208",
    }),
  );
  const client = createGrpcClient(ClaimGateway, secondAddress, { credentials: hub.pki.credentials("37") });
  try {
    const cancelled = await callUnary(client, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), {
      metadata: { "x-tongxing-platform": "37" },
      timeoutMs: 20_000,
    });
    assert.equal(cancelled.status, ClaimStatus.CANCELLED);
    assert.equal(cancelled.claimId, settledViaA.claimId);
    await until("the reversal's result observed", () => carriedClaim.has(`${Subjects.settlements("37")} ${settledViaA.claimId}`));
    assert.equal(carriedClaim.get(`${Subjects.settlements("37")} ${settledViaA.claimId}`), true, "a result for the link carries the claim");
  } finally {
    client.close();
  }
});
