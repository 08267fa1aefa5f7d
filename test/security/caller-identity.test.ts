// Who a caller is: the gRPC edge takes the platform from the client certificate alone (mTLS),
// over real TLS on loopback with certificates from a real CA. Each way a certificate can be
// wrong is tried and must be refused with an error that says why.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { credentials as grpcCredentials, status as GrpcStatus, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { createCertificateAuthority, createRevocationList, issueCertificate } from "@tongxing/pki";
import { ClaimGateway, GetClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createLogger } from "@tongxing/telemetry";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { createTranslator, resolveTranslatorConfig, type Translator } from "@tongxing/translator";

let hub: TestHub;
/** A second translator on the hub's NATS whose CRL revokes one certificate. */
let withCrl: Translator;
let withCrlAddress: string;
let revokedSerial: string;
let revoked: ChannelCredentials;
const DAY_MS = 86_400_000;
const UNKNOWN_CLAIM = `C${"0".repeat(24)}`;

before(async () => {
  hub = await startTestHub();
  const cert = await hub.pki.issue("37");
  revokedSerial = cert.serialHex;
  revoked = hub.pki.credentialsOf(cert);
  const crlPem = await createRevocationList(hub.pki.ca, [revokedSerial]);
  withCrl = createTranslator({ natsUrl: hub.nats.url, grpcAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0", tls: { ...hub.pki.serverTls, crlPem } }, createLogger({ service: "translator-crl", level: "warn" }));
  withCrlAddress = await withCrl.start();
});

after(async () => {
  await withCrl.stop();
  await hub.stop();
});

/** GetClaim of an id nobody has: NOT_FOUND proves the caller got past identity. */
async function getAs(credentials: ChannelCredentials, metadata: Record<string, string> = {}, address = hub.address): Promise<ServiceError> {
  const c = createGrpcClient(ClaimGateway, address, { credentials });
  try {
    await callUnary(c, ClaimGateway.method.getClaim, create(GetClaimRequestSchema, { claimId: UNKNOWN_CLAIM }), { metadata, timeoutMs: 5_000 });
    throw new Error("the call succeeded");
  } catch (err) {
    return err as ServiceError;
  } finally {
    c.close();
  }
}

test("a platform's client certificate identifies it: the call reaches the handler", async () => {
  const err = await getAs(hub.pki.credentials("37"));
  assert.equal(err.code, GrpcStatus.NOT_FOUND, err.details);
});

test("a plaintext caller cannot connect at all, even naming a platform in the header", async () => {
  const err = await getAs(grpcCredentials.createInsecure(), { "x-tongxing-platform": "37" });
  assert.equal(err.code, GrpcStatus.UNAVAILABLE, err.details);
});

test("a TLS caller without a client certificate is UNAUTHENTICATED (identity.client-certificate)", async () => {
  const err = await getAs(grpcCredentials.createSsl(Buffer.from(hub.pki.serverTls.caPem)));
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.client-certificate: no client certificate/);
});

test("an expired certificate is UNAUTHENTICATED (identity.certificate-expired)", async () => {
  const cert = await hub.pki.issue("37", { notBefore: new Date(Date.now() - 10 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
  const err = await getAs(hub.pki.credentialsOf(cert));
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.certificate-expired/);
});

test("a certificate from another CA is UNAUTHENTICATED (identity.untrusted-ca)", async () => {
  const otherCa = await createCertificateAuthority({ commonName: "not the hub's CA" });
  const cert = await issueCertificate(otherCa, { kind: "platform", uri: "urn:tongxing:platform:37", commonName: "platform 37" });
  const err = await getAs(hub.pki.credentialsOf(cert));
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.untrusted-ca/);
});

test("a certificate on the CRL is UNAUTHENTICATED (identity.certificate-revoked); an unrevoked one of the same platform still works", async () => {
  const err = await getAs(revoked, {}, withCrlAddress);
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.certificate-revoked/);
  const ok = await getAs(hub.pki.credentials("37"), {}, withCrlAddress);
  assert.equal(ok.code, GrpcStatus.NOT_FOUND, ok.details);
  const elsewhere = await getAs(revoked);
  assert.equal(elsewhere.code, GrpcStatus.NOT_FOUND, "the hub without that CRL accepts it: the CRL is what refused it");
});

test("a certificate that names no platform is UNAUTHENTICATED (identity.platform-uri)", async () => {
  const err = await getAs(hub.pki.credentials(""));
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.platform-uri/);
});

test("a certificate for a platform not in the routing table is UNAUTHENTICATED (identity.known-platform)", async () => {
  const err = await getAs(hub.pki.credentials("99"));
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.known-platform.*"99"/);
});

test("a certificate of one platform with the header of another is UNAUTHENTICATED (identity.header-mismatch)", async () => {
  const err = await getAs(hub.pki.credentials("37"), { "x-tongxing-platform": "32" });
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
  assert.match(err.details, /identity\.header-mismatch/);
});

test("a certificate without a platform cannot borrow one through the server-internal verified-platform key", async () => {
  const err = await getAs(hub.pki.credentials(""), { "x-tongxing-verified-platform": "37" });
  assert.equal(err.code, GrpcStatus.UNAUTHENTICATED, err.details);
});

test("the header identity needs the explicit development switch, which production refuses", async () => {
  assert.throws(() => resolveTranslatorConfig({}), /requires mTLS/);
  assert.throws(() => resolveTranslatorConfig({ devHeaderIdentity: true, production: true }), /refused in production/);
  assert.throws(() => resolveTranslatorConfig({ devHeaderIdentity: true, tls: hub.pki.serverTls }), /not both/);
  assert.equal(resolveTranslatorConfig({ devHeaderIdentity: true }).identity.kind, "dev-header");
  assert.equal(resolveTranslatorConfig({ tls: hub.pki.serverTls, production: true, privacyKeyFile: hub.privacyKeyFile }).identity.kind, "mtls");
});

test("behind the development switch the header names the caller, and the start logs a warning", async () => {
  const lines: string[] = [];
  const log = createLogger({ service: "translator-dev", level: "warn", destination: new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(String(chunk)); done(); } }) });
  const dev = createTranslator({ natsUrl: hub.nats.url, grpcAddress: "127.0.0.1:0", metricsAddress: "127.0.0.1:0", devHeaderIdentity: true }, log);
  const address = await dev.start();
  try {
    assert.ok(lines.some((l) => l.includes("DEVELOPMENT IDENTITY")), "a warning at start");
    const named = await getAs(grpcCredentials.createInsecure(), { "x-tongxing-platform": "37" }, address);
    assert.equal(named.code, GrpcStatus.NOT_FOUND, named.details);
    const anonymous = await getAs(grpcCredentials.createInsecure(), {}, address);
    assert.equal(anonymous.code, GrpcStatus.UNAUTHENTICATED, anonymous.details);
  } finally {
    await dev.stop();
  }
});
