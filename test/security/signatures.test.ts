// Signature bypass, tried as an attacker would, over real mTLS gRPC with a real nats-server:
// where a platform's routing entry requires signatures, unsigned, wrongly keyed, expired-key and
// tampered messages are refused UNAUTHENTICATED naming the rule, in every dialect, before any
// handler runs — and the same messages properly signed go through. The link's adjudications are
// held to the same rule (an unsigned one never settles the claim).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { status as GrpcStatus, type Client, type ServiceError } from "@grpc/grpc-js";
import { createDialectRegistry } from "@tongxing/dialects";
import { buildNhsaSettleMessage, createSimulatedAdjudicator, ProvinceLinkClient } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { createPlatformSigner, generateSm2KeyPair, issuePlatformKey, KEY_ID_HEADER, SIGNATURE_HEADER, type PlatformSigner } from "@tongxing/pki";
import { ClaimGateway, ClaimStatus, FilingRegistry, FilingType, SubmitClaimRequestSchema, type Claim } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { putPlatform, watchRoutingTable, type WatchedRoutingTable } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type TestHub } from "@tongxing/testkit";

const TREATMENT = "37";
const INSURED = "32";
/** The insured platform of the link test (no other test's claims go there). */
const LINKED = "44";
const registry = createDialectRegistry();
const nhsa = registry.get("nhsa-json");
let hub: TestHub;
let nc: NatsConnection;
let keysKv: KV;
let routing: WatchedRoutingTable;
let gateway: Client;
let insuredLink: ProvinceLinkClient;
let seq = 7_000;

/** A claim of Shandong (treatment) insured by Jiangsu, rendered in `dialect`. */
function claimIn(dialect: string, insuredAdmdvs = "320100"): Uint8Array {
  seq += 1;
  const national = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs, seq, seed: seq }).payload;
  if (dialect === "nhsa-json") return national;
  const d = registry.get(dialect);
  assert.ok(d.encodeClaim, `${dialect} renders claims`);
  return d.encodeClaim(nhsa.decodeClaim(national).claim);
}

function submitRequest(dialect: string, idempotencyKey = `sig-${seq}-${dialect}`) {
  return create(SubmitClaimRequestSchema, { dialect, payload: claimIn(dialect), idempotencyKey });
}

/** The outcome as "ok" or "<CODE> <rule>". */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (err) {
    const e = err as ServiceError;
    return `${GrpcStatus[e.code]} ${/^(signature\.[a-z-]+)/.exec(e.details ?? "")?.[1] ?? e.details}`;
  }
}

const submit = (request: ReturnType<typeof submitRequest>, headers: Record<string, string> | undefined) =>
  outcome(callUnary(gateway, ClaimGateway.method.submitClaim, request, { timeoutMs: 15_000, ...(headers === undefined ? {} : { metadata: headers }) }));

/** The metadata `signer` puts on SubmitClaim for exactly these request bytes. */
const headersFor = (signer: PlatformSigner, request: ReturnType<typeof submitRequest>) => signer.callHeaders("/tongxing.v1.ClaimGateway/SubmitClaim", toBinary(SubmitClaimRequestSchema, request));

before(async () => {
  hub = await startTestHub();
  nc = await connectNats({ servers: hub.nats.url, name: "signatures-test" });
  const kvm = new Kvm(nc);
  keysKv = await kvm.open(Buckets.PLATFORM_KEYS);
  const routingKv = await kvm.open(Buckets.ROUTING);
  routing = await watchRoutingTable(routingKv);
  for (const p of [TREATMENT, INSURED, LINKED]) await putPlatform(routingKv, { ...routing.table.platform(p)!, requireSignatures: true });
  gateway = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials(TREATMENT) });
  // The translator follows the routing table live: wait until it demands signatures.
  for (let i = 0; i < 100 && (await submit(submitRequest("nhsa-json"), undefined)) === "ok"; i++) await new Promise((r) => setTimeout(r, 100));
});

after(async () => {
  insuredLink?.close();
  gateway.close();
  routing.stop();
  await nc.drain();
  await hub.stop();
});

for (const dialect of registry.names()) {
  test(`${dialect}: unsigned, wrong key, foreign key, tampered routing fields and payload are refused; the signed message is accepted`, async () => {
    const signer = hub.signers.get(TREATMENT)!;
    const request = submitRequest(dialect);
    assert.equal(await submit(request, undefined), "UNAUTHENTICATED signature.missing", "unsigned");
    // Another platform's real key: not a key of this platform.
    assert.equal(await submit(request, headersFor(hub.signers.get("11")!, request)), "UNAUTHENTICATED signature.unknown-key", "Beijing's key");
    // A key made by the attacker, naming Shandong's key id: the signature does not verify.
    const forged = createPlatformSigner(TREATMENT, signer.keyId, generateSm2KeyPair().privateKeyPem);
    assert.equal(await submit(request, headersFor(forged, request)), "UNAUTHENTICATED signature.invalid", "self-made key under the real key id");
    // Shandong's real signature, over another request: each routing field and the payload are covered.
    const good = headersFor(signer, request);
    const otherDialect = dialect === "canonical" ? "nhsa-json" : "canonical";
    assert.equal(await submit({ ...request, idempotencyKey: `${request.idempotencyKey}-x` }, good), "UNAUTHENTICATED signature.invalid", "idempotency key changed");
    assert.equal(await submit({ ...request, dialect: otherDialect }, good), "UNAUTHENTICATED signature.invalid", "dialect changed");
    const payload = new Uint8Array(request.payload);
    payload[payload.length - 2] = (payload[payload.length - 2] ?? 0) ^ 1;
    assert.equal(await submit({ ...request, payload }, good), "UNAUTHENTICATED signature.invalid", "one payload bit changed");
    // Signed for SettleClaim, replayed on SubmitClaim: the RPC path is covered too.
    const settleHeaders = signer.callHeaders("/tongxing.v1.ClaimGateway/SettleClaim", toBinary(SubmitClaimRequestSchema, request));
    assert.equal(await submit(request, settleHeaders), "UNAUTHENTICATED signature.invalid", "signature of another RPC");
    assert.equal(await submit(request, { ...good, [SIGNATURE_HEADER]: "not base64!" }), "UNAUTHENTICATED signature.missing", "garbage signature");
    assert.equal(await submit(request, good), "ok", "the properly signed request");
  });
}

test("a key past its end is refused (signature.key-expired); after rotation the new key and the still-valid old key both sign", async () => {
  const request = submitRequest("nhsa-json");
  const expired = await issuePlatformKey(keysKv, { platform: TREATMENT, keyId: "37-expired", validDays: 1, nowMs: Date.now() - 3 * 86_400_000 });
  const expiredSigner = createPlatformSigner(TREATMENT, expired.key.keyId, expired.privateKeyPem!);
  const rotated = await issuePlatformKey(keysKv, { platform: TREATMENT, keyId: "37-rotated" });
  const rotatedSigner = createPlatformSigner(TREATMENT, rotated.key.keyId, rotated.privateKeyPem!);
  let last = "";
  for (let i = 0; i < 50 && last !== "ok"; i++) {
    last = await submit(submitRequest("nhsa-json"), undefined).then(() => submit(request, headersFor(rotatedSigner, request)));
    if (last !== "ok") await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, "ok", "the rotated key signs as soon as the store has it");
  assert.equal(await submit(submitRequest("nhsa-json"), undefined), "UNAUTHENTICATED signature.missing");
  const r2 = submitRequest("nhsa-json");
  assert.equal(await submit(r2, headersFor(expiredSigner, r2)), "UNAUTHENTICATED signature.key-expired");
  const r3 = submitRequest("nhsa-json");
  assert.equal(await submit(r3, headersFor(hub.signers.get(TREATMENT)!, r3)), "ok", "the old key is valid until its own end");
});

test("other RPCs are held to it too: an unsigned PutFiling is refused, a signed one is not", async () => {
  const client = createGrpcClient(FilingRegistry, hub.address, { credentials: hub.pki.credentials(INSURED) });
  try {
    const filing = { filing: { filingNo: "F-sig-1", psnNo: "32000000000000000001", insuplcAdmdvs: "320100", mdtrtareaAdmvs: "370102", filingType: FilingType.LONG_TERM_RESIDENT, begndate: "2026-01-01", enddate: "2099-12-31" } };
    const request = create(FilingRegistry.method.putFiling.input, filing as never);
    assert.equal(await outcome(callUnary(client, FilingRegistry.method.putFiling, request, { timeoutMs: 15_000 })), "UNAUTHENTICATED signature.missing");
    assert.equal(await outcome(callUnary(client, FilingRegistry.method.putFiling, request, { timeoutMs: 15_000, sign: hub.signers.get(INSURED)!.callHeaders })), "ok");
  } finally {
    client.close();
  }
});

test("ProvinceLink: an unsigned or forged reply ends the link UNAUTHENTICATED and settles nothing; the signed one settles the claim", async () => {
  const seen: string[] = [];
  const linkErrors: string[] = [];
  const unsigned = new ProvinceLinkClient({
    onLinkError: (err) => linkErrors.push(`${GrpcStatus[err.code]} ${err.details}`),
    address: hub.address,
    platform: LINKED,
    signer: null,
    reconnectDelayMs: 60_000,
    adjudicate: (claim: Claim) => {
      seen.push(claim.claimId);
      return { refusal: { code: "X", message: "unsigned answer" } };
    },
  });
  const shandong = createGatewayClient(hub.address, TREATMENT);
  try {
    const submitted = await shandong.submit(claimIn("nhsa-json", "440100"));
    unsigned.connect();
    for (let i = 0; i < 200 && !seen.includes(submitted.claimId); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(seen.includes(submitted.claimId), "the claim was delivered to the unsigned link");
    for (let i = 0; i < 200 && linkErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(linkErrors[0] ?? "", /^UNAUTHENTICATED signature\.missing: platform 44 must sign/, "the hub ended the link naming the rule");
    const held = (await shandong.get(submitted.claimId)).record?.status ?? ClaimStatus.UNSPECIFIED;
    assert.ok(held !== ClaimStatus.REJECTED && held !== ClaimStatus.SETTLED, `the unsigned refusal was not taken (status ${ClaimStatus[held]})`);
    unsigned.close();
    // A link signing with a self-made key under Guangdong's real key id: refused as invalid.
    const forgedErrors: string[] = [];
    const forgedSigner = createPlatformSigner(LINKED, hub.signers.get(LINKED)!.keyId, generateSm2KeyPair().privateKeyPem);
    const forged = new ProvinceLinkClient({
      address: hub.address,
      platform: LINKED,
      signer: forgedSigner,
      reconnectDelayMs: 60_000,
      onLinkError: (err) => forgedErrors.push(`${GrpcStatus[err.code]} ${err.details}`),
      adjudicate: () => ({ refusal: { code: "X", message: "forged answer" } }),
    });
    forged.connect();
    for (let i = 0; i < 200 && forgedErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    forged.close();
    assert.match(forgedErrors[0] ?? "", /^UNAUTHENTICATED signature\.invalid/, "a forged link signature");
    const stillHeld = (await shandong.get(submitted.claimId)).record?.status ?? ClaimStatus.UNSPECIFIED;
    assert.ok(stillHeld !== ClaimStatus.REJECTED && stillHeld !== ClaimStatus.SETTLED, "the forged refusal was not taken");
    // The same platform with its key: the redelivered claim settles.
    insuredLink = new ProvinceLinkClient({ address: hub.address, platform: LINKED, adjudicate: createSimulatedAdjudicator(LINKED) });
    insuredLink.connect();
    let status = ClaimStatus.DELIVERED;
    for (let i = 0; i < 300 && status !== ClaimStatus.SETTLED; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await shandong.get(submitted.claimId)).record?.status ?? ClaimStatus.UNSPECIFIED;
    }
    assert.equal(status, ClaimStatus.SETTLED);
  } finally {
    unsigned.close();
    shandong.close();
  }
});

test("pre-settlement: unsigned PreSettleClaim is refused; signed, the insured platform's signed link reply answers it", async () => {
  seq += 1;
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq, seed: seq });
  const payload = new TextEncoder().encode(JSON.stringify({ ...message.json, infno: "2206" }));
  const request = create(ClaimGateway.method.preSettleClaim.input, { dialect: "nhsa-json", payload } as never);
  assert.equal(await outcome(callUnary(gateway, ClaimGateway.method.preSettleClaim, request, { timeoutMs: 15_000 })), "UNAUTHENTICATED signature.missing");
  // Guangdong's signed link (from the test above) answers; its pre-settlement reply is signed too.
  const shandong = createGatewayClient(hub.address, TREATMENT);
  try {
    const res = await shandong.preSettle(payload);
    assert.equal(res.preSettlement?.answeredBy, LINKED);
    assert.equal(res.preSettlement?.refusal?.code, "NO_PRE_SETTLEMENT", "the simulator's own (signed) answer came through the interceptor");
  } finally {
    shandong.close();
  }
});
