// A claim's timeline with chain hashes and verification, and its evidence file: downloaded from
// the console API, checked offline by `npm run verify-evidence` (exit 0), and refused once tampered
// (exit 1) — an edited event, or an edited block. The message as received (nhsa-json JSON and
// jinbao-legacy GBK fixed-width) decoded for display with identifiers masked, in clear only for an
// auditor's audited unmask; its bytes in an auditor's evidence file checked against the chained
// SM3, and refused once altered. A provincial account's file holds no other claim chained beside
// its claim's events (another province's included) and still verifies.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { blockHash, verifyChain, verifyEvidence } from "@tongxing/auditor";
import { jinbaoLegacyDialect, nhsaJsonDialect } from "@tongxing/dialects";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, BlockLayout, ChainHash, ClaimStatus, type AuditBlock, type ClaimEvent } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;
let dir: string;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32", "44"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "rev", role: "reviewer", scope: "national" },
    { user: "aud", role: "auditor", scope: "37" },
    { user: "view", role: "viewer", scope: "national" },
    { user: "sd-view", role: "viewer", scope: "37" },
  ]);
  dir = await mkdtemp(join(tmpdir(), "evidence-"));
  nc = await connectNats({ servers: hub.nats.url, name: "evidence-test" });
});

after(async () => {
  await nc?.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The whole chain as stored, with each block's stream sequence. */
async function readChain(): Promise<{ seq: number; block: AuditBlock }[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.AUDIT_CHAIN);
  const out: { seq: number; block: AuditBlock }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { seq }).catch(() => null);
    if (m !== null) out.push({ seq, block: fromBinary(AuditBlockSchema, m.data) });
  }
  return out;
}

/** Appends a block in the raw layout (as the chain held them before event digests) at the head, as the appender would: on the head's sequence, retried if the auditor wrote first. */
async function appendRawBlock(events: ClaimEvent[]): Promise<bigint> {
  const jsm = await jetstreamManager(nc);
  for (let attempt = 0; attempt < 10; attempt++) {
    const last = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { last_by_subj: Subjects.auditChain });
    const head = fromBinary(AuditBlockSchema, last!.data);
    const block = create(AuditBlockSchema, { height: head.height + 1n, hash: ChainHash.SM3, layout: BlockLayout.UNSPECIFIED, prevHash: head.blockHash, events });
    block.blockHash = blockHash(block);
    const ok = await jetstream(nc).publish(Subjects.auditChain, toBinary(AuditBlockSchema, block), { expect: { lastSequence: last!.seq } }).then(() => true, () => false);
    if (ok) return block.height;
  }
  throw new Error("could not append the raw block");
}

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

interface ChainJson {
  claim_id: string;
  timeline: { status: string; actor: string; detail: string; block_height: string | null }[];
  chain_only_events: { status: string; actor: string; detail: string; block_height: string | null }[];
  chain: { blocks: { height: string; layout: string; omitted_events: number; block_base64: string }[]; withheld_blocks: { height: string; layout: string; claim_events: number; other_events: number }[] };
}

/** Everything the file says, its blocks' bytes included. */
function fileText(file: ChainJson): string {
  return JSON.stringify(file) + file.chain.blocks.map((b) => Buffer.from(b.block_base64, "base64").toString("latin1")).join("");
}

test("a provincial account's evidence file holds none of the other claims chained beside its claim's events, and verifies; a national one's holds old raw blocks whole", async () => {
  const guangdong = createGatewayClient(hub.address, "44");
  try {
    // Shandong's claims and Guangdong's (outside scope 37) settled at once: group commit chains
    // their events in shared blocks. A claim of Shandong's sharing a block is the one exported.
    let target: string | undefined;
    let gdClaim: string | undefined;
    for (let round = 0; round < 5 && target === undefined; round++) {
      const answers = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => {
          const seq = 600 + round * 10 + i;
          const gd = i % 2 === 1;
          const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: gd ? "440103" : "370102", insuredAdmdvs: "320100", seq, seed: seq });
          return (gd ? guangdong : shandong).settle(message.payload).then((r) => ({ gd, id: r.claimId, status: r.status }));
        }),
      );
      for (const a of answers) assert.equal(a.status, ClaimStatus.SETTLED);
      gdClaim = answers.find((a) => a.gd)!.id;
      const chain = await readChain();
      target = answers.find((a) => !a.gd && chain.some(({ block }) => block.events.some((e) => e.claimId === a.id) && block.events.some((e) => e.claimId !== a.id)))?.id;
    }
    assert.ok(target !== undefined && gdClaim !== undefined, "a claim shares a block with another");
    // A block in the raw layout (written before event digests) holding a note on the claim and a
    // Guangdong claim's event: it cannot be redacted.
    const rawHeight = await appendRawBlock([
      claimEvent(target, ClaimStatus.SETTLED, "f".repeat(32), Actor.REGULATOR, "a note chained in the raw layout"),
      claimEvent(gdClaim, ClaimStatus.SETTLED, "f".repeat(32), Actor.REGULATOR, "广东 reviewer's note: 8,800.00 over the cap"),
    ]);
    const chain = await readChain();
    const others = new Set(chain.flatMap(({ block }) => block.events.map((e) => e.claimId)).filter((id) => id !== target));
    const verified = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
    assert.ok(verified.ok, "the hub's chain, raw and event-digest blocks together, verifies");

    const provincial = await callApi(hub.regulatorApiUrl, `/api/v1/claims/${target}/evidence`, { token: tokens["sd-view"] });
    assert.equal(provincial.status, 200);
    const file = provincial.json as unknown as ChainJson;
    const text = fileText(file);
    for (const id of others) assert.ok(!text.includes(id), `claim ${id} is not in the provincial file`);
    assert.ok(!text.includes("广东 reviewer"), "nor another claim's event");
    assert.ok(file.chain.blocks.length > 0 && file.chain.blocks.every((b) => b.layout === "event-digests"));
    assert.ok(file.chain.blocks.some((b) => b.omitted_events > 0), "other claims' events were left out");
    assert.deepEqual(file.chain.withheld_blocks.map((b) => [b.height, b.layout, b.claim_events, b.other_events]), [[rawHeight.toString(), "raw", 1, 1]]);
    const check = verifyEvidence(file);
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.events, file.timeline.length + file.chain_only_events.length);
    assert.deepEqual(check.unproven.map((e) => e.blockHeight), [rawHeight.toString()], "only the raw block's note is unproven");
    await writeFile(join(dir, "provincial.json"), JSON.stringify(file));
    const cli = await verifyEvidenceCommand(join(dir, "provincial.json"));
    assert.equal(cli.code, 3, cli.stdout);
    assert.match(cli.stdout, /^PARTLY PROVEN: claim C[0-9a-f]{24}, \d+ of \d+ events[\s\S]*not proven by this file: event #\d+ \(SETTLED\)/);

    // A national account: the event-digest blocks redacted the same way, the raw block whole.
    const national = (await callApi(hub.regulatorApiUrl, `/api/v1/claims/${target}/evidence`, { token: tokens.view })).json as unknown as ChainJson;
    assert.deepEqual(national.chain.withheld_blocks, []);
    for (const b of national.chain.blocks) {
      const events = fromBinary(AuditBlockSchema, Buffer.from(b.block_base64, "base64")).events;
      if (b.layout === "raw") assert.deepEqual(events.map((e) => e.claimId), [target, gdClaim]);
      else assert.ok(events.every((e) => e.claimId === target), `block ${b.height} keeps only the claim's events`);
    }
    const nationalCheck = verifyEvidence(national);
    assert.ok(nationalCheck.ok && nationalCheck.unproven.length === 0, JSON.stringify(nationalCheck));

    // An altered left-out digest in the provincial file is refused.
    const altered = structuredClone(file);
    const entry = altered.chain.blocks.find((b) => b.omitted_events > 0)!;
    const block = fromBinary(AuditBlockSchema, Buffer.from(entry.block_base64, "base64"));
    block.omittedEvents[0]!.digest[0]! ^= 1;
    entry.block_base64 = Buffer.from(toBinary(AuditBlockSchema, block)).toString("base64");
    assert.equal(verifyEvidence(altered).ok, false);
  } finally {
    guangdong.close();
  }
});
