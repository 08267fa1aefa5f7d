// NATS unavailable at intake: while the hub's nats-server is down, SettleClaim and SubmitClaim
// callers get UNAVAILABLE with a retry hint (google.rpc.RetryInfo and grpc-retry-pushback-ms)
// within 2 s, not INTERNAL and not a hang, and nothing is stored for them;
// once it is back, the counters resend the same claims (same idempotency keys) and each settles
// exactly once, with nothing left half-accepted (no record stuck in RECEIVED).
import { openClaimStore } from "@tongxing/claim-store";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import { createAuditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, startNatsServer, Streams, Subjects, type NatsServerProcess } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { retryDelayMsOf } from "@tongxing/proto/grpc";
import { createRouter } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { createTranslator } from "@tongxing/translator";
import { createGatewayClient, type GatewayClient, registerHubPki, testPki } from "@tongxing/testkit";

const log = createLogger({ service: "test", level: process.env.LOG_LEVEL ?? "silent" });
let storeDir: string;
let server: NatsServerProcess;
let stops: (() => Promise<void>)[] = [];
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  storeDir = mkdtempSync(join(tmpdir(), "tongxing-nats-unavailable-"));
  server = await startNatsServer({ storeDir });
  const natsUrl = server.url;
  const router = createRouter({ natsUrl }, log);
  await router.start();
  const auditor = createAuditor({ natsUrl, regulatorApiAddress: "127.0.0.1:0" }, log);
  await auditor.start();
  // mTLS as in production; the test PKI gives each platform its client certificate.
  const pki = await testPki();
  const translator = createTranslator({ natsUrl, grpcAddress: "127.0.0.1:0", tls: pki.serverTls }, log);
  const address = await translator.start();
  registerHubPki(address, pki);
  stops = [() => translator.stop(), () => auditor.stop(), () => router.stop()];
  platforms = startSimulatedPlatforms({ address, provinces: ["37", "32"] });
  shandong = createGatewayClient(address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  for (const stop of stops) await stop();
  await server.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

const claim = (i: number) => buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 4_000 + i }).payload;

test("NATS down at intake: UNAVAILABLE with a retry hint; resent after, each claim settles once, nothing half-accepted", async () => {
  assert.equal((await shandong.settle(claim(0), { idempotencyKey: "k0", timeoutMs: 15_000 })).status, ClaimStatus.SETTLED);

  const port = server.port;
  server.kill();
  await server.stop(0);
  const failures: ServiceError[] = [];
  for (let i = 1; i <= 2; i++) {
    const startedMs = Date.now();
    try {
      await shandong.settle(claim(i), { idempotencyKey: `k${i}`, timeoutMs: 20_000 });
      assert.fail("answered while NATS was down");
    } catch (err) {
      const e = err as ServiceError;
      failures.push(e);
      assert.equal(e.code, GrpcStatus.UNAVAILABLE, `UNAVAILABLE, got ${e.code}: ${e.details}`);
      const tookMs = Date.now() - startedMs;
      console.log(`answered ${GrpcStatus[e.code]} in ${tookMs} ms: ${e.details}`);
      // The translator knows its connection is down: it answers at once, not after its
      // JetStream requests time out (about 15 s before).
      assert.ok(tookMs < 2_000, `answered within 2 s, took ${tookMs} ms`);
    }
  }
  // SubmitClaim too; this claim is never resent: nothing of it may remain.
  const submitStartedMs = Date.now();
  await assert.rejects(shandong.submit(claim(3), { idempotencyKey: "k3-never-resent" }), (err: ServiceError) => {
    failures.push(err);
    return err.code === GrpcStatus.UNAVAILABLE && Date.now() - submitStartedMs < 2_000;
  });
  for (const e of failures) {
    assert.match(e.details, /resend the same claim \(same idempotency key\)/);
    assert.equal(e.metadata?.get("grpc-retry-pushback-ms")[0], "2000");
    assert.equal(retryDelayMsOf(e), 2_000, "google.rpc.RetryInfo carries the same delay");
  }

  server = await startNatsServer({ storeDir, port });
  const answers = [];
  for (let i = 1; i <= 2; i++) {
    for (let attempt = 0; ; attempt++) {
      try {
        answers.push(await shandong.settle(claim(i), { idempotencyKey: `k${i}`, timeoutMs: 15_000 }));
        break;
      } catch (err) {
        if ((err as ServiceError).code !== GrpcStatus.UNAVAILABLE || attempt > 30) throw err;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
  assert.deepEqual(answers.map((a) => a.status), [ClaimStatus.SETTLED, ClaimStatus.SETTLED]);

  const nc = await connectNats({ servers: server.url, name: "nats-unavailable-test" });
  try {
    const store = await openClaimStore(nc);
    let stuck = 0;
    for (const id of (await store.claimIds(10_000)).ids) {
      if ((await store.read(id))?.record.status === ClaimStatus.RECEIVED) stuck++;
    }
    assert.equal(stuck, 0, "no claim left half-accepted");
    assert.equal((await store.claimIds(10_000)).ids.length, 3, "no record of the claim refused during the outage and never resent");
    const ledger = await (await jetstreamManager(nc)).streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerAll });
    assert.equal(ledger.state.messages, 3, "one ledger entry per settled claim");
    for (const a of answers) assert.equal(ledger.state.subjects?.[Subjects.ledger("settlement", a.claimId)], 1);
  } finally {
    await nc.close();
  }
});
