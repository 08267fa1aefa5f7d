// A claim's timeline with chain hashes and verification, and its evidence file: downloaded from
// the console API, checked offline by `npm run verify-evidence` (exit 0), and refused once tampered
// (exit 1) — an edited event, or an edited block.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AuditBlockSchema, ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;
let dir: string;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "rev", role: "reviewer", scope: "national" },
    { user: "aud", role: "auditor", scope: "37" },
  ]);
  dir = await mkdtemp(join(tmpdir(), "evidence-"));
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

function verifyEvidenceCommand(file: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "services/auditor/src/console/evidence/verify-evidence-main.ts", file], { cwd: root }, (err, stdout) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout });
    });
  });
}

interface EvidenceJson {
  timeline: { status: string; detail: string; block_height: string | null; block_intact: boolean }[];
  chain_only_events: { detail: string }[];
  chain: { blocks: { block_base64: string; height: string }[] };
  canonical_record: { claim?: { person?: { psnNo?: string } } };
}

test("the timeline shows each event's chain block, verified; the evidence file verifies offline and a tampered one does not", async () => {
  const held = await shandong.settle(heldClaim(21, "26000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  assert.equal((await callApi(hub.regulatorApiUrl, `/api/v1/claims/${held.claimId}?unmask=1`, { token: tokens.aud })).status, 200);
  assert.equal((await callApi(hub.regulatorApiUrl, `/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.rev, body: { decision: "approve", reason: "ok" } })).json.status, "SETTLED");

  const timeline = await callApi(hub.regulatorApiUrl, `/api/v1/claims/${held.claimId}/timeline`, { token: tokens.rev });
  assert.equal(timeline.status, 200);
  const events = timeline.json.events as { status: string; block_height: string | null; block_hash_hex: string | null; block_intact: boolean }[];
  assert.deepEqual(events.map((e) => e.status), ["RECEIVED", "ROUTED", "DELIVERED", "ADJUDICATED", "HELD", "APPROVED", "SETTLED"]);
  for (const e of events) {
    assert.ok(e.block_height !== null && /^[0-9a-f]{64}$/.test(e.block_hash_hex ?? ""), `${e.status} is chained`);
    assert.equal(e.block_intact, true);
  }
  assert.ok((timeline.json.chain_only_events as { detail: string }[]).some((e) => e.detail.endsWith("unmasked personal identifiers")), "the unmask is on the timeline");
  assert.equal((await callApi(hub.regulatorApiUrl, `/api/v1/claims/${held.claimId}/evidence`)).status, 401);

  const res = await fetch(`${hub.regulatorApiUrl}/api/v1/claims/${held.claimId}/evidence`, { headers: { authorization: `Bearer ${tokens.rev}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="evidence-C[0-9a-f]{24}\.json"/);
  const text = await res.text();
  const evidence = JSON.parse(text) as EvidenceJson;
  assert.match(evidence.canonical_record.claim?.person?.psnNo ?? "", /\*/, "personal identifiers masked in the file");
  const good = join(dir, "good.json");
  await writeFile(good, text);
  const ok = await verifyEvidenceCommand(good);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /^intact: claim C[0-9a-f]{24}, 8 events/);

  const editedEvent = structuredClone(evidence);
  const approved = editedEvent.timeline.find((e) => e.status === "APPROVED");
  assert.ok(approved);
  approved.detail = approved.detail.replace("ok", "fine");
  await writeFile(join(dir, "event.json"), JSON.stringify(editedEvent));
  const badEvent = await verifyEvidenceCommand(join(dir, "event.json"));
  assert.equal(badEvent.code, 1);
  assert.match(badEvent.stdout, /NOT INTACT[\s\S]*APPROVED/);

  const editedBlock = structuredClone(evidence);
  const entry = editedBlock.chain.blocks.find((b) => b.height === approved.block_height);
  assert.ok(entry);
  const block = fromBinary(AuditBlockSchema, Buffer.from(entry.block_base64, "base64"));
  const inBlock = block.events.find((e) => e.claimId === held.claimId && e.status === ClaimStatus.APPROVED);
  assert.ok(inBlock);
  inBlock.detail = inBlock.detail.replace("ok", "fine");
  entry.block_base64 = Buffer.from(toBinary(AuditBlockSchema, block)).toString("base64");
  await writeFile(join(dir, "block.json"), JSON.stringify(editedBlock));
  const badBlock = await verifyEvidenceCommand(join(dir, "block.json"));
  assert.equal(badBlock.code, 1);
  assert.match(badBlock.stdout, /does not recompute/);
});
