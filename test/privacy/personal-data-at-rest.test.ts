// Personal identifiers at rest: claims settled, held and cancelled through the real hub, a filing
// and a family binding registered; then every message of every stream and KV bucket is read back
// from nats-server (and every file of its store directory, as on disk), and no identifier is
// found in clear, nor a plain SHA-256 of one. The hub still answers them in clear to the caller
// that may see them (GetClaim), so the test is not passing because the data is gone.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { create, type DescMethodUnary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { nhsaJsonDialect } from "@tongxing/dialects";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats } from "@tongxing/nats";
import { ClaimGateway, ClaimStatus, FamilyBindingSchema, PreSettleClaimRequestSchema, FamilyRelation, FilingRegistry, FilingSchema, FilingType, PutFamilyBindingRequestSchema, PutFilingRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let jiangsu: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  jiangsu = createGatewayClient(hub.address, "32");
  nc = await connectNats({ servers: hub.nats.url, name: "privacy-test" });
});

after(async () => {
  await nc.drain();
  jiangsu.close();
  platforms.close();
  await hub.stop();
});

async function registry(method: "putFiling" | "putFamilyBinding", request: object): Promise<void> {
  const c = createGrpcClient(FilingRegistry, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    const req = method === "putFiling" ? create(PutFilingRequestSchema, request) : create(PutFamilyBindingRequestSchema, request);
    await callUnary(c, FilingRegistry.method[method] as DescMethodUnary as never, req as never, { timeoutMs: 10_000 });
  } finally {
    c.close();
  }
}

/** Every stored message of every stream (KV buckets are streams too): subject, headers, data. */
async function everyStoredMessage(): Promise<{ where: string; bytes: Buffer }[]> {
  const jsm = await jetstreamManager(nc);
  const out: { where: string; bytes: Buffer }[] = [];
  for await (const si of jsm.streams.list()) {
    const name = si.config.name;
    for (let seq = si.state.first_seq; seq <= si.state.last_seq && si.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (m === null) continue;
      const headers = m.header === undefined ? "" : [...m.header.keys()].map((k) => `${k}: ${m.header!.get(k)}`).join("\n");
      out.push({ where: `${name} #${seq} ${m.subject}`, bytes: Buffer.concat([Buffer.from(`${m.subject}\n${headers}\n`), Buffer.from(m.data)]) });
    }
  }
  return out;
}

function filesUnder(dir: string): { where: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ where: path, bytes: readFileSync(path) }];
  });
}

/** The needles of one identifier: itself, and its SHA-256 (hex, any prefix of 16+). */
function needlesOf(identifier: string): { what: string; needle: Buffer }[] {
  const sha = createHash("sha256").update(identifier).digest("hex");
  return [
    { what: `"${identifier}"`, needle: Buffer.from(identifier, "utf8") },
    { what: `sha256("${identifier}")`, needle: Buffer.from(sha.slice(0, 16), "ascii") },
  ];
}

test("no personal identifier is stored in clear or as a plain hash in any stream, KV bucket or store file", async () => {
  const identifiers = new Set<string>();
  const claimIds: string[] = [];
  for (let seq = 1; seq <= 3; seq++) {
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "320102", insuredAdmdvs: "370100", seq, seed: 7100 + seq, psnNo: `3701000000000000071${seq}`, insutype: "310" });
    const person = nhsaJsonDialect.decodeClaim(m.payload).claim.person;
    for (const v of [person?.psnNo, person?.psnName, person?.certno, person?.mdtrtCertNo, person?.cardSn]) if (v !== undefined && v.length >= 2) identifiers.add(v);
    const res = await jiangsu.settle(m.payload, { timeoutMs: 60_000 });
    assert.equal(res.status, ClaimStatus.SETTLED, res.settlement?.verdict?.findings.map((f) => f.message).join("; "));
    claimIds.push(res.claimId);
  }
  assert.ok([...identifiers].some((v) => /[^\x00-\x7f]/.test(v)), "a name among the identifiers");
  const filed = "37010000000000000881";
  await registry("putFiling", { filing: create(FilingSchema, { filingNo: "PRIV-F1", psnNo: filed, insuplcAdmdvs: "370100", mdtrtareaAdmvs: "320100", filingType: FilingType.REFERRAL, begndate: "2025-01-01", enddate: "" }) });
  const holder = "37010000000000000882";
  const beneficiary = "37010000000000000883";
  await registry("putFamilyBinding", { binding: create(FamilyBindingSchema, { bindingNo: "PRIV-B1", holderPsnNo: holder, beneficiaryPsnNo: beneficiary, insuplcAdmdvs: "370100", relation: FamilyRelation.CHILD, begndate: "2025-01-01", enddate: "" }) });
  for (const v of [filed, holder, beneficiary]) identifiers.add(v);
  // A pre-settlement (kept in KV presettlements with its claim) of another person.
  const pre = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "320102", insuredAdmdvs: "370100", seq: 9, seed: 7109, psnNo: "37010000000000000719", insutype: "310" });
  const prePerson = nhsaJsonDialect.decodeClaim(pre.payload).claim.person;
  for (const v of [prePerson?.psnNo, prePerson?.psnName, prePerson?.certno]) if (v !== undefined && v.length >= 2) identifiers.add(v);
  const gateway = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("32") });
  try {
    const payload = new TextEncoder().encode(JSON.stringify({ ...pre.json, infno: "2206" }));
    await callUnary(gateway, ClaimGateway.method.preSettleClaim, create(PreSettleClaimRequestSchema, { dialect: "nhsa-json", payload }), { timeoutMs: 60_000 });
  } finally {
    gateway.close();
  }

  // Control: the hub can still read what it sealed, for whoever may see it.
  const got = await jiangsu.get(claimIds[0]!);
  assert.ok(identifiers.has(got.record?.claim?.person?.certno ?? ""), "GetClaim answers the identifiers in clear");

  const stored = await everyStoredMessage();
  for (const bucket of ["claims", "filings", "presettlements"]) assert.ok(stored.some((s) => s.where.startsWith(`KV_${bucket} `)), `the scan reads the ${bucket} bucket`);
  assert.ok(stored.some((s) => s.where.includes("settlements")), "the scan reads the results");
  const onDisk = hub.nats.storeDir === undefined ? [] : filesUnder(hub.nats.storeDir);
  assert.ok(onDisk.length > 0, "the store directory was read");
  // Control of the scan itself: a claim id, stored in clear, is found.
  assert.ok(stored.some((s) => s.bytes.includes(claimIds[0]!)), "the scan finds what is in clear");

  const found: string[] = [];
  for (const id of identifiers) {
    for (const { what, needle } of needlesOf(id)) {
      for (const s of [...stored, ...onDisk]) if (s.bytes.includes(needle)) found.push(`${what} in ${s.where}`);
    }
  }
  assert.deepEqual(found, [], "personal identifiers at rest");
});
