// A claim's timeline with chain hashes and verification, and its evidence file: downloaded from
// the console API, checked offline by `npm run verify-evidence` (exit 0), and refused once tampered
// (exit 1) — an edited event, or an edited block. The message as received (nhsa-json JSON and
// jinbao-legacy GBK fixed-width) decoded for display with identifiers masked, in clear only for an
// auditor's audited unmask; its bytes in an auditor's evidence file checked against the chained
// SM3, and refused once altered.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { jinbaoLegacyDialect, nhsaJsonDialect } from "@tongxing/dialects";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AuditBlockSchema, ClaimStatus } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
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
    { user: "view", role: "viewer", scope: "national" },
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

interface ReceivedJson {
  dialect: string;
  content_type: string;
  size_bytes: string;
  truncated: boolean;
  sm3_hex: string | null;
  display: { format: string; text?: string; records?: { tag: string; label: string; fields: { name: string; value: string }[] }[] } | null;
}

test("the message as received, nhsa-json and jinbao-legacy GBK, is shown decoded and masked; an auditor's evidence file holds its bytes, checked against the chained SM3", async () => {
  const psnNo = "37010219800101001234";
  const built = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 41, seed: 41, psnNo });
  const person = nhsaJsonDialect.decodeClaim(built.payload).claim.person!;
  const json = await shandong.settle(built.payload);
  assert.equal(json.status, ClaimStatus.SETTLED);
  const legacyClaim = nhsaJsonDialect.decodeClaim(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 42, seed: 42, psnNo }).payload).claim;
  const legacyBytes = jinbaoLegacyDialect.encodeClaim!(legacyClaim);
  const legacy = await shandong.settle(legacyBytes, { dialect: "jinbao-legacy" });
  assert.equal(legacy.status, ClaimStatus.SETTLED);
  assert.equal((await shandong.get(json.claimId)).record?.received, undefined, "GetClaim leaves the hub's copy out");
  const secrets = [psnNo, person.certno, person.psnName].filter((v) => v !== "");

  const jsonView = (await callApi(hub.regulatorApiUrl, `/api/v1/claims/${json.claimId}`, { token: tokens.view })).json.received as ReceivedJson;
  assert.equal(jsonView.dialect, "nhsa-json");
  assert.equal(jsonView.content_type, "application/json; charset=utf-8");
  assert.equal(jsonView.size_bytes, String(built.payload.byteLength));
  assert.equal(jsonView.sm3_hex, createHash("sm3").update(built.payload).digest("hex"));
  assert.equal(jsonView.display?.format, "json");
  const text = jsonView.display?.text ?? "";
  assert.match(text, /\n  "infno": "2207",/, "pretty-printed");
  assert.ok(text.includes(`"psn_no": "${maskIdNumber(psnNo)}"`) && text.includes(maskName(person.psnName)), "identifiers masked as elsewhere in the console");
  for (const secret of secrets) assert.ok(!JSON.stringify(jsonView).includes(secret), `${secret} is not shown`);

  const legacyView = (await callApi(hub.regulatorApiUrl, `/api/v1/claims/${legacy.claimId}`, { token: tokens.view })).json.received as ReceivedJson;
  assert.equal(legacyView.dialect, "jinbao-legacy");
  assert.equal(legacyView.content_type, "text/plain; charset=GBK");
  assert.equal(legacyView.display?.format, "fixed-width");
  const settle = legacyView.display?.records?.find((r) => r.tag === "S");
  assert.equal(settle?.label, "settle");
  assert.equal(settle?.fields.find((f) => f.name === "psn_no")?.value, maskIdNumber(psnNo));
  assert.equal(settle?.fields.find((f) => f.name === "psn_name")?.value, maskName(person.psnName));
  assert.equal(legacyView.display?.records?.find((r) => r.tag === "H")?.fields.find((f) => f.name === "fixmedins_name")?.value, legacyClaim.fixmedinsName, "GBK decoded to Unicode");
  for (const secret of secrets) assert.ok(!JSON.stringify(legacyView).includes(secret), `${secret} is not shown`);
  const unmasked = (await callApi(hub.regulatorApiUrl, `/api/v1/claims/${legacy.claimId}?unmask=1`, { token: tokens.aud })).json.received as ReceivedJson;
  assert.equal(unmasked.display?.records?.find((r) => r.tag === "S")?.fields.find((f) => f.name === "psn_no")?.value, psnNo, "in clear after the auditor's unmask");

  // A viewer's evidence file: the display and the chained SM3, no bytes; only an auditor may ask for them.
  const viewerFile = join(dir, "viewer.json");
  const viewerRes = await fetch(`${hub.regulatorApiUrl}/api/v1/claims/${legacy.claimId}/evidence`, { headers: { authorization: `Bearer ${tokens.view}` } });
  const viewerEvidence = (await viewerRes.json()) as { received_message: ReceivedJson & { payload_base64: string | null }; canonical_record: Record<string, unknown> };
  assert.equal(viewerEvidence.received_message.payload_base64, null);
  assert.equal(viewerEvidence.received_message.sm3_hex, createHash("sm3").update(legacyBytes).digest("hex"));
  assert.equal(viewerEvidence.canonical_record.received, undefined, "the sealed copy is not in the canonical record");
  for (const secret of secrets) assert.ok(!JSON.stringify(viewerEvidence).includes(secret), `${secret} is not in a viewer's file`);
  await writeFile(viewerFile, JSON.stringify(viewerEvidence));
  const viewerCheck = await verifyEvidenceCommand(viewerFile);
  assert.equal(viewerCheck.code, 0, viewerCheck.stdout);
  assert.match(viewerCheck.stdout, /its SM3 is the chained one \(its bytes are not in this file\)/);
  assert.equal((await callApi(hub.regulatorApiUrl, `/api/v1/claims/${legacy.claimId}/evidence?unmask=1`, { token: tokens.view })).status, 403);

  const auditorRes = await fetch(`${hub.regulatorApiUrl}/api/v1/claims/${legacy.claimId}/evidence?unmask=1`, { headers: { authorization: `Bearer ${tokens.aud}` } });
  assert.equal(auditorRes.status, 200);
  const auditorEvidence = (await auditorRes.json()) as { received_message: { payload_base64: string | null; sm3_hex: string } };
  assert.deepEqual(new Uint8Array(Buffer.from(auditorEvidence.received_message.payload_base64 ?? "", "base64")), new Uint8Array(legacyBytes), "the bytes as sent");
  const good = join(dir, "received.json");
  await writeFile(good, JSON.stringify(auditorEvidence));
  const ok = await verifyEvidenceCommand(good);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /the message as received hashes to the SM3 chained with it/);
  const timeline = await callApi(hub.regulatorApiUrl, `/api/v1/claims/${legacy.claimId}/timeline`, { token: tokens.aud });
  assert.ok((timeline.json.chain_only_events as { detail: string }[]).some((e) => e.detail.includes("evidence file with the message as received")), "the export is chained");

  // One byte of the message altered (the last digit of the header's msgid): refused.
  const altered = structuredClone(auditorEvidence);
  const bytes = Buffer.from(altered.received_message.payload_base64 ?? "", "base64");
  const at = bytes.indexOf(Buffer.from(legacyClaim.msgid)) + legacyClaim.msgid.length - 1;
  assert.ok(at > 0, "the msgid is in the file");
  bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
  altered.received_message.payload_base64 = bytes.toString("base64");
  await writeFile(join(dir, "altered.json"), JSON.stringify(altered));
  const bad = await verifyEvidenceCommand(join(dir, "altered.json"));
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /NOT INTACT[\s\S]*the message as received: its bytes in the file hash to [0-9a-f]{64}, not to the SM3 chained/);
  // The stated SM3 changed to fit the altered bytes: the chain still disagrees.
  altered.received_message.sm3_hex = createHash("sm3").update(bytes).digest("hex");
  await writeFile(join(dir, "altered-sm3.json"), JSON.stringify(altered));
  const badDigest = await verifyEvidenceCommand(join(dir, "altered-sm3.json"));
  assert.equal(badDigest.code, 1);
  assert.match(badDigest.stdout, /the file's SM3 [0-9a-f]{64} is not the one chained with its RECEIVED event/);
});
