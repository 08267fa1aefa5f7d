// Dead letters and replay through the real hub: a claim for a platform whose policy (here a
// claim-count backlog limit) sends its claims through the router, which cannot move it (DELIVERY refuses
// every message), is retried as its consumer allows, then lands in the dead letters with the
// reason; `npm run replay` without --apply prints the plan and changes nothing; with --apply it
// puts the claim back with its own Nats-Msg-Id, the waiting counter's SettleClaim call is
// answered SETTLED, and the ledger has one entry; a second --apply replays nothing.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { createAuditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, DeadLetterReasons, ensureTopology, MAX_MSG_BYTES, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { Kvm } from "@nats-io/kv";
import { createRouter } from "@tongxing/router";
import { defaultPlatformEntries, putPlatform } from "@tongxing/routing";
import { createLogger } from "@tongxing/telemetry";
import { createTranslator } from "@tongxing/translator";
import { createGatewayClient, startTestNats, type GatewayClient, type TestNats, registerHubPki, testPki } from "@tongxing/testkit";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const log = createLogger({ service: "test", level: process.env.LOG_LEVEL ?? "silent" });
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let stops: (() => Promise<void>)[] = [];
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "replay-test" });
  jsm = await jetstreamManager(nc);
  // A short duplicate window, so the replayed claim (same Nats-Msg-Id) is not dropped as the copy
  // of the one published a few seconds earlier; in production replay runs after the 2 minutes.
  await ensureTopology(nc, jsm, { duplicateWindowMs: 1_000 });
  const router = createRouter({ natsUrl: nats.url, retry: { maxDeliver: 3, backoffMs: [200, 400] } }, log);
  await router.start();
  const auditor = createAuditor({ natsUrl: nats.url, regulatorApiAddress: "127.0.0.1:0" }, log);
  await auditor.start();
  // mTLS as in production; the test PKI gives each platform its client certificate.
  const pki = await testPki();
  const translator = createTranslator({ natsUrl: nats.url, grpcAddress: "127.0.0.1:0", tls: pki.serverTls }, log);
  const address = await translator.start();
  registerHubPki(address, pki);
  stops = [() => translator.stop(), () => auditor.stop(), () => router.stop()];
  // Jiangsu's claims go through the router (intake routes the others straight to DELIVERY).
  const jiangsu = defaultPlatformEntries().find((p) => p.id === "32");
  assert.ok(jiangsu !== undefined);
  await putPlatform(await new Kvm(nc).open(Buckets.ROUTING), { ...jiangsu, backlogLimits: { maxClaims: 10_000 } });
  await new Promise((r) => setTimeout(r, 500)); // every service's routing watch has it
  platforms = startSimulatedPlatforms({ address, provinces: ["37", "32"] });
  shandong = createGatewayClient(address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  for (const stop of stops) await stop();
  await nc.drain();
  await nats.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function replay(args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/router/src/dead-letters/replay-main.ts", "--nats", nats.url, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code: code ?? -1, out })));
}

async function deadLetterCount(): Promise<number> {
  return (await jsm.streams.info(Streams.DEADLETTER)).state.messages;
}

test("a claim the router keeps failing is dead-lettered with the reason, and replay settles it once", async () => {
  // DELIVERY refuses every message (as a full or broken stream would): routing fails each time.
  const delivery = (await jsm.streams.info(Streams.DELIVERY)).config;
  await jsm.streams.update(Streams.DELIVERY, { ...delivery, max_msg_size: 16 });
  const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 11 });
  const answered = shandong.settle(m.payload, { timeoutMs: 60_000 });

  const claimId = await eventually(async () => {
    const last = await jsm.streams.getMessage(Streams.DEADLETTER, { last_by_subj: Subjects.deadletter(DeadLetterReasons.MAX_DELIVERIES) }).catch(() => null);
    return last?.header.get("Tongxing-Claim-Id") || undefined;
  });
  const dead = await jsm.streams.getMessage(Streams.DEADLETTER, { last_by_subj: Subjects.deadletter(DeadLetterReasons.MAX_DELIVERIES) });
  assert.equal(dead?.header.get("Tongxing-Deliveries"), "3", "dead-lettered after the consumer's 3 deliveries");
  assert.match(dead?.header.get("Tongxing-Deadletter-Detail") ?? "", /3 deliveries; last: handler failed: .*(size|maximum)/i);
  assert.equal(dead?.header.get("Tongxing-Original-Subject"), Subjects.claims("32"));
  assert.equal((await shandong.get(claimId)).record?.status, ClaimStatus.RECEIVED, "accepted, not yet routed");

  // The stream is mended; a dry run shows the plan and changes nothing.
  await jsm.streams.update(Streams.DELIVERY, { ...delivery, max_msg_size: MAX_MSG_BYTES });
  const before = { dead: await deadLetterCount(), claims: (await jsm.streams.info(Streams.CLAIMS)).state };
  const dry = await replay(["--claim", claimId]);
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, new RegExp(`MAX_DELIVERIES claim ${claimId} \\[RECEIVED\\] from CLAIMS/\\d+ after 3 deliveries .*REPLAY → tongxing\\.claims\\.32 \\(Nats-Msg-Id ${claimId}:received\\)`));
  assert.match(dry.out, /1 dead letters matched: 1 to replay, 0 skipped/);
  assert.match(dry.out, /dry run: nothing changed/);
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(await deadLetterCount(), before.dead);
  assert.deepEqual((await jsm.streams.info(Streams.CLAIMS)).state.last_seq, before.claims.last_seq, "nothing published on CLAIMS");
  assert.equal((await shandong.get(claimId)).record?.status, ClaimStatus.RECEIVED);

  // --apply: the same message again, and the counter that waited is answered.
  const applied = await replay(["--claim", claimId, "--apply"]);
  assert.equal(applied.code, 0, applied.out);
  assert.match(applied.out, /replayed → CLAIMS seq \d+/);
  const answer = await answered;
  assert.equal(answer.claimId, claimId);
  assert.equal(answer.status, ClaimStatus.SETTLED);

  // Once: one ledger entry, and a second --apply replays nothing.
  const ledger = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerSettlement("37", answer.settlement?.adjudication?.setlId ?? "") });
  assert.equal(ledger.state.num_subjects, 1);
  assert.equal(ledger.state.messages, 1, "one ledger entry");
  const again = await replay(["--claim", claimId, "--apply"]);
  assert.match(again.out, /skip: claim already SETTLED/);
  assert.match(again.out, /replayed 0, duplicates 0, failed 0/);
  assert.equal((await jsm.streams.info(Streams.LEDGER)).state.messages, 1, "still one ledger entry");
});

test("replay refuses to run without a selection", async () => {
  const r = await replay([]);
  assert.equal(r.code, 2);
  assert.match(r.out, /usage: replay/);
});
