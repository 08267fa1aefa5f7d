// The audit chain as evidence against whoever controls NATS: a chain rewritten consistently (an
// amount altered, every block hash recomputed, the stream replaced) passes the hash check but not
// the period root the hub signed and exported outside NATS; a verdict or settlement re-signed
// with a key that is not the hub's is caught by its signature. `npm run verify-chain` itself is
// run against the rewritten chain.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { clone, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { blockHash, clearingPeriod, closePeriod, evidenceSignedBytes, readPeriodRoots, verifyChain } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { generateSm2KeyPair, hubVerifyingKeys, sm2PrivateKey, sm2Sign } from "@tongxing/pki";
import { AuditBlockSchema, ClaimStatus, type AuditBlock } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let nc: NatsConnection;
let original: AuditBlock[] = [];
const rootsDir = mkdtempSync(join(tmpdir(), "tongxing-period-roots-"));
let hubPublicKeyFile: string;

async function readChain(): Promise<AuditBlock[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.AUDIT_CHAIN);
  const blocks: AuditBlock[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { seq }).catch(() => null);
    if (m !== null) blocks.push(fromBinary(AuditBlockSchema, m.data));
  }
  return blocks;
}

/** What an attacker with the NATS server in hand does: deletes the stream and writes another chain in its place. */
async function replaceChain(blocks: readonly AuditBlock[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const { config } = await jsm.streams.info(Streams.AUDIT_CHAIN);
  await jsm.streams.delete(Streams.AUDIT_CHAIN);
  await jsm.streams.add(config);
  const js = jetstream(nc);
  for (const b of blocks) await js.publish(Subjects.auditChain, toBinary(AuditBlockSchema, b));
}

/** Every block hash recomputed from `from` on, so the chain is consistent again. */
function rehash(blocks: AuditBlock[]): AuditBlock[] {
  let prev: Uint8Array = new Uint8Array();
  return blocks.map((b) => {
    const out = clone(AuditBlockSchema, b);
    out.prevHash = prev;
    out.blockHash = blockHash(out);
    prev = out.blockHash;
    return out;
  });
}

function locate(blocks: AuditBlock[], status: ClaimStatus): { block: number; event: number } {
  for (let i = 0; i < blocks.length; i++) {
    const j = blocks[i]!.events.findIndex((e) => e.status === status && e.evidence !== undefined);
    if (j >= 0) return { block: i, event: j };
  }
  throw new Error(`no ${ClaimStatus[status]} event with evidence in the chain`);
}

const verifyOptions = async () => ({ hubKeys: hubVerifyingKeys([hub.hubSigningKey.publicKeyPem]), roots: (await readPeriodRoots(rootsDir)).roots });

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  nc = await connectNats({ servers: hub.nats.url, name: "chain-rewrite-test" });
  const shandong = createGatewayClient(hub.address, "37");
  try {
    for (let i = 0; i < 3; i++) {
      const res = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 900 + i, seed: 900 + i }).payload);
      assert.equal(res.status, ClaimStatus.SETTLED);
    }
  } finally {
    shandong.close();
  }
  const closed = await closePeriod(nc, clearingPeriod(Date.now()), { hubKey: hub.hubSigningKey, rootsDir });
  assert.ok(closed.rootFile !== undefined, "the signed root was exported");
  original = await readChain();
  hubPublicKeyFile = join(rootsDir, "..", `hub-${process.pid}.pub.pem`);
  writeFileSync(hubPublicKeyFile, hub.hubSigningKey.publicKeyPem);
});

after(async () => {
  platforms.close();
  await nc.drain();
  await hub.stop();
});

test("the honest chain verifies: every verdict and settlement carries a valid hub signature and the exported root matches", async () => {
  const result = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain, await verifyOptions());
  assert.ok(result.ok, result.ok ? "" : result.reason);
  assert.ok(result.signedEvents >= 6, `3 claims: approval and settlement each signed (${result.signedEvents})`);
  assert.equal(result.rootsChecked, 1);
  const settled = original.flatMap((b) => b.events).filter((e) => e.status === ClaimStatus.SETTLED);
  assert.ok(settled.every((e) => e.evidence !== undefined && e.evidence.ledgerDigest.byteLength === 32 && e.evidence.medfeeSumamt > 0n), "settlements carry the amounts and the ledger entry's digest");
});

test("an amount altered and every hash recomputed: the hash chain is consistent, and verify-chain still fails on the exported signed root", async () => {
  const blocks = original.map((b) => clone(AuditBlockSchema, b));
  const at = locate(blocks, ClaimStatus.ADJUDICATED);
  const event = blocks[at.block]!.events[at.event]!;
  const evidence = event.evidence!;
  evidence.medfeeSumamt += 1_000_000n;
  evidence.adjudicationDigest = new Uint8Array(createHash("sm3").update(`forged adjudication ${evidence.medfeeSumamt}`).digest());
  await replaceChain(rehash(blocks));
  try {
    const hashesOnly = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
    assert.ok(hashesOnly.ok, "the rewrite is consistent: the hashes alone do not show it");
    const result = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain, await verifyOptions());
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.reason, /not the exported signed root .*the chain was rewritten/);
    assert.doesNotMatch(result.ok ? "" : result.reason, /signature/, "the altered event is the platform's adjudication, which the hub does not sign: the root alone catches it");
    // The command an auditor runs, against the same rewritten stream.
    const cli = await promisify(execFile)(process.execPath, ["--import", "tsx", "services/auditor/src/audit-chain/verify-main.ts", "--nats", hub.nats.url, "--hub-key", hubPublicKeyFile, "--roots-dir", rootsDir]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    assert.equal(cli.code, 1, cli.out);
    assert.match(cli.out, /^BROKEN at block \d+ .*exported signed root/m);
  } finally {
    await replaceChain(original);
  }
});

test("a settlement's amount altered and re-signed with another key under the hub's key id is caught by its signature", async () => {
  const blocks = original.map((b) => clone(AuditBlockSchema, b));
  const at = locate(blocks, ClaimStatus.SETTLED);
  const event = blocks[at.block]!.events[at.event]!;
  const evidence = event.evidence!;
  evidence.medfeeSumamt += 500_000n;
  const forger = sm2PrivateKey(generateSm2KeyPair().privateKeyPem);
  evidence.hubSignature = sm2Sign(forger, evidenceSignedBytes(event));
  assert.equal(evidence.hubKeyId, hub.hubSigningKey.keyId, "the forgery names the hub's key");
  await replaceChain(rehash(blocks));
  try {
    const result = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain, { hubKeys: hubVerifyingKeys([hub.hubSigningKey.publicKeyPem]) });
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.reason, new RegExp(`block ${at.block + 1}: claim ${event.claimId}'s hub signature is invalid`));
    // Stripping the signature instead does not help either.
    evidence.hubSignature = new Uint8Array();
    await replaceChain(rehash(blocks));
    const stripped = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain, { hubKeys: hubVerifyingKeys([hub.hubSigningKey.publicKeyPem]) });
    assert.match(stripped.ok ? "" : stripped.reason, /verdict or settlement is not signed by the hub/);
  } finally {
    await replaceChain(original);
  }
  const restored = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain, await verifyOptions());
  assert.ok(restored.ok, "the original chain verifies again");
});
