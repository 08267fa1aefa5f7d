import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { credentials, status as GrpcStatus, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { createPlatformSigner, generateSm2KeyPair, sm2PublicKey, type PlatformSigner } from "@tongxing/pki";
import { createSimulatedAdjudicator, ProvinceLinkClient, type PlatformReply } from "@tongxing/loadtest";
import type { Claim } from "@tongxing/proto";
import { startProofPlatform, type ProtocolFaults } from "../proof/proof-platform.js";
import { createTestCertificates, type TestCertificates } from "../proof/test-certificates.js";
import { ADJUDICATOR_CASES } from "./adjudicator-cases.js";
import { ExitCode, exitCodeOf } from "./kit-report.js";
import { runAdjudicator, type KitRun } from "./run-adjudicator.js";

// The kit against real grpc-js platforms over loopback mTLS (certificates from the openssl CLI):
// the project's own simulator passes every case; each planted fault fails exactly its cases.

// Generous against a loaded CI machine: a loopback answer takes milliseconds; the slow platform takes 1.6 s.
const SETTINGS = { answerDeadlineMs: 1_000, replyWaitMs: 4_000, reconnectWindowMs: 5_000, ackDeadlineMs: 2_000 };

let certs: TestCertificates;
before(() => {
  certs = createTestCertificates("32");
});
after(() => certs.remove());

function platformCredentials(anonymous = false): ChannelCredentials {
  return credentials.createSsl(
    certs.read(certs.caPath),
    certs.read(anonymous ? certs.anonymousKeyPath : certs.clientKeyPath),
    certs.read(anonymous ? certs.anonymousCertPath : certs.clientCertPath),
  );
}

/** Runs the kit with a platform started once it listens. */
async function runAgainst(start: (address: string) => { close(): void }, dialect = "canonical", platformPublicKeyPem?: string): Promise<KitRun> {
  let platform: { close(): void } | undefined;
  try {
    return await runAdjudicator({
      tls: { caPath: certs.caPath, certPath: certs.serverCertPath, keyPath: certs.serverKeyPath },
      listen: "127.0.0.1:0",
      connectWaitMs: 5_000,
      settings: { ...SETTINGS, dialect, ...(platformPublicKeyPem === undefined ? {} : { platformKey: sm2PublicKey(platformPublicKeyPem) }) },
      onListening: (address) => {
        platform = start(`localhost:${address.split(":")[1]}`);
      },
    });
  } finally {
    platform?.close();
  }
}

/** The loadtest ProvinceLinkClient with the simulator's adjudicator, optionally distorted. */
function simulator(distort?: (reply: PlatformReply, claim: Claim) => PlatformReply, anonymous = false, sign?: { signer: PlatformSigner | null; onLinkError?: (err: ServiceError) => void }) {
  return (address: string) => {
    const base = createSimulatedAdjudicator("32");
    const client = new ProvinceLinkClient({
      address,
      platform: "32",
      credentials: platformCredentials(anonymous),
      reconnectDelayMs: 100,
      adjudicate: (claim) => (distort === undefined ? base(claim) : distort(base(claim), claim)),
      ...(sign === undefined ? {} : { signer: sign.signer }),
      ...(sign?.onLinkError === undefined ? {} : { onLinkError: sign.onLinkError }),
    });
    client.connect();
    return client;
  };
}

function proof(faults: ProtocolFaults) {
  return (address: string) => startProofPlatform(address, platformCredentials(), faults);
}

/** Failed case id → the requirement ids it failed, sorted. */
function failuresOf(run: KitRun): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of run.report.cases) if (c.failures.length > 0) out[c.id] = [...new Set(c.failures.map((f) => f.requirement))].sort();
  return out;
}

function withAdjudication(reply: PlatformReply, change: (a: Extract<PlatformReply, { adjudication: unknown }>["adjudication"]) => void): PlatformReply {
  if (!("adjudication" in reply)) return reply;
  const a = { ...reply.adjudication };
  change(a);
  return { adjudication: a };
}

const ADJUDICATING = ["adjudicate-outpatient", "adjudicate-inpatient", "adjudicate-pharmacy"];

describe("adjudicator mode", { concurrency: 1 }, () => {
  test("the project's simulated platform (loadtest ProvinceLinkClient) passes every case over mTLS", async () => {
    const run = await runAgainst(simulator());
    assert.equal(run.connected, true);
    assert.deepEqual(failuresOf(run), {});
    assert.deepEqual(run.report.cases.map((c) => c.id), ADJUDICATOR_CASES.filter((c) => c.needsPlatformKey !== true).map((c) => c.id), "every case but the signature one, which needs --platform-key");
    assert.equal(exitCodeOf(run.report), ExitCode.PASSED);
    const kinds = new Set(run.report.transcript.map((e) => `${e.direction} ${e.kind}`));
    for (const k of ["platform->kit hello", "kit->platform welcome", "kit->platform claim", "platform->kit adjudication", "platform->kit refusal", "platform->kit resultAck", "event stream-cut"]) {
      assert.ok(kinds.has(k), `transcript has ${k}`);
    }
  });

  test("given the platform's public key, the kit checks its link replies' signatures: a signing platform passes every case", async () => {
    const { privateKeyPem, publicKeyPem } = generateSm2KeyPair();
    const run = await runAgainst(simulator(undefined, false, { signer: createPlatformSigner("32", "k-conformance", privateKeyPem) }), "canonical", publicKeyPem);
    assert.deepEqual(failuresOf(run), {});
    assert.deepEqual(run.report.cases.map((c) => c.id), ADJUDICATOR_CASES.map((c) => c.id));
    assert.ok(run.report.cases.find((c) => c.id === "signed-replies")?.received.some((l) => /verifies/.test(l)));
  });

  test("an unsigned platform, or one signing with another key, fails exactly SIG-01 and is refused UNAUTHENTICATED as the hub would", async () => {
    const { publicKeyPem } = generateSm2KeyPair();
    const refusals: string[] = [];
    const unsigned = await runAgainst(simulator(undefined, false, { signer: null, onLinkError: (err) => refusals.push(`${GrpcStatus[err.code]} ${err.details}`) }), "canonical", publicKeyPem);
    assert.deepEqual(failuresOf(unsigned), { "signed-replies": ["SIG-01"] });
    assert.match(refusals.join("\n"), /UNAUTHENTICATED signature\.missing/);
    const forged = await runAgainst(simulator(undefined, false, { signer: createPlatformSigner("32", "k-other", generateSm2KeyPair().privateKeyPem) }), "canonical", publicKeyPem);
    assert.deepEqual(failuresOf(forged), { "signed-replies": ["SIG-01"] });
    assert.match(forged.report.cases.find((c) => c.id === "signed-replies")?.failures[0]?.why ?? "", /signature\.invalid/);
  });

  test("a platform taking claims and replying in jinbao-legacy (GBK payload bytes) passes every case", async () => {
    const run = await runAgainst(proof({ replyDialect: "jinbao-legacy" }), "jinbao-legacy");
    assert.deepEqual(failuresOf(run), {});
    const claims = run.report.transcript.filter((e) => e.kind === "claim" && e.direction === "kit->platform").map((e) => JSON.stringify(e.frame));
    assert.ok(claims.some((c) => c.includes('"dialect":"jinbao-legacy"')), "claims rendered in the dialect");
    const replies = run.report.transcript.filter((e) => e.kind === "adjudication").map((e) => (e.frame as { adjudication: { payload?: string; adjudication?: unknown } }).adjudication);
    assert.ok(replies.length > 0 && replies.every((r) => r.payload !== undefined && r.adjudication === undefined), "replies are payload bytes");
  });

  test("a platform with one fault, malformed GBK in its jinbao-legacy replies, fails exactly the cases reading adjudications", async () => {
    const run = await runAgainst(proof({ replyDialect: "jinbao-legacy", malformedGbkReplies: true }), "jinbao-legacy");
    assert.deepEqual(failuresOf(run), {
      ...Object.fromEntries(ADJUDICATING.map((id) => [id, ["ADJ-12"]])),
      "same-claim-twice": ["ADJ-09"],
      "out-of-order-deliveries": ["LINK-03"],
    });
    const why = run.report.cases.find((c) => c.id === "adjudicate-outpatient")?.failures[0]?.why ?? "";
    assert.match(why, /does not decode as jinbao-legacy: .*psn_name/);
  });

  const faults: [string, (address: string) => { close(): void }, Record<string, string[]>][] = [
    ["wrong amounts (psn_cash_pay one fen off)", simulator((r) => withAdjudication(r, (a) => (a.psnCashPay! += 1n))), Object.fromEntries(ADJUDICATING.map((id) => [id, ["ADJ-05"]]))],
    ["wrong code table (clr_type 31)", simulator((r) => withAdjudication(r, (a) => (a.clrType = "31"))), Object.fromEntries(ADJUDICATING.map((id) => [id, ["ADJ-07"]]))],
    [
      "a second settlement on redelivery",
      (() => {
        let n = 0;
        return simulator((r) => withAdjudication(r, (a) => (a.setlId = `${a.setlId}-${(n += 1)}`)));
      })(),
      { "same-claim-twice": ["ADJ-09"] },
    ],
    ["too slow (answers after 1.6 s)", proof({ answerDelayMs: 1_600 }), { "answer-deadline": ["ADJ-08"] }],
    ["missing ack (acknowledges no result)", proof({ skipAcks: "all" }), { "result-ack": ["RES-01"], "cancel-after-delivery": ["RES-02"] }],
    ["ignoring a cancel (no ack for CANCELLED)", proof({ skipAcks: "cancelled" }), { "cancel-after-delivery": ["RES-02"] }],
    ["ignoring reversals (no ReversalAnswer)", proof({ ignoreReversals: true }), { "reversal-answered": ["REV-01"] }],
    ["a client certificate without the platform SAN URI", simulator(undefined, true), { "hello-first": ["TLS-01"] }],
  ];
  for (const [fault, start, expected] of faults) {
    test(`a platform with one fault, ${fault}, fails exactly its cases`, async () => {
      const run = await runAgainst(start);
      assert.equal(run.connected, true);
      assert.deepEqual(failuresOf(run), expected);
      assert.equal(exitCodeOf(run.report), ExitCode.FAILED);
    });
  }

  test("a platform whose certificate another CA issued cannot connect: the kit verifies client certificates", async () => {
    const other = createTestCertificates("32");
    try {
      let client: ProvinceLinkClient | undefined;
      const run = await runAdjudicator({
        tls: { caPath: certs.caPath, certPath: certs.serverCertPath, keyPath: certs.serverKeyPath },
        listen: "127.0.0.1:0",
        connectWaitMs: 1_500,
        onListening: (address) => {
          // Trusts the kit's server certificate, but presents a client certificate of another CA.
          const creds = credentials.createSsl(certs.read(certs.caPath), other.read(other.clientKeyPath), other.read(other.clientCertPath));
          client = new ProvinceLinkClient({ address: `localhost:${address.split(":")[1]}`, platform: "32", credentials: creds, reconnectDelayMs: 100, adjudicate: createSimulatedAdjudicator("32") });
          client.connect();
        },
      }).finally(() => client?.close());
      assert.equal(run.connected, false);
    } finally {
      other.remove();
    }
  });

  test("no platform connecting is reported as such, not as failed cases", async () => {
    const run = await runAdjudicator({
      tls: { insecure: true },
      listen: "127.0.0.1:0",
      connectWaitMs: 200,
    });
    assert.equal(run.connected, false);
    assert.equal(run.report.cases.length, 0);
  });
});
