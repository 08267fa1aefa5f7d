import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ensureDevPki, loadCertificateAuthority } from "./dev-pki.js";
import { platformsOfSubjectAltName } from "./platform-uri.js";
import { addToRevocationList, revokedSerials } from "./revocation-list.js";

test("ensureDevPki: a CA, a server and per-platform client certificates, created once and kept", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-pki-test-"));
  try {
    const paths = await ensureDevPki({ dir, platforms: ["37"] });
    const ca = new X509Certificate(readFileSync(paths.caCert));
    assert.equal(ca.ca, true);
    const client = new X509Certificate(readFileSync(paths.platformCert("37")));
    assert.ok(client.verify(ca.publicKey), "signed by the CA");
    assert.deepEqual(platformsOfSubjectAltName(client.subjectAltName), ["37"]);
    assert.equal(client.ca, false);
    const server = new X509Certificate(readFileSync(paths.serverCert));
    assert.match(server.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    assert.ok(server.verify(ca.publicKey));
    assert.deepEqual(revokedSerials(readFileSync(paths.crl, "utf8")), [], "an empty CRL to start with");

    await ensureDevPki({ dir, platforms: ["37", "44"] });
    assert.equal(new X509Certificate(readFileSync(paths.caCert)).fingerprint256, ca.fingerprint256, "the CA is kept");
    assert.equal(new X509Certificate(readFileSync(paths.platformCert("37"))).serialNumber, client.serialNumber, "37's certificate is kept");
    assert.ok(new X509Certificate(readFileSync(paths.platformCert("44"))).verify(ca.publicKey), "44's is added");

    const crl = await addToRevocationList(await loadCertificateAuthority(paths), readFileSync(paths.crl, "utf8"), client.serialNumber);
    assert.deepEqual(revokedSerials(crl), [client.serialNumber.toLowerCase()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("platformsOfSubjectAltName reads only urn:tongxing:platform URIs", () => {
  assert.deepEqual(platformsOfSubjectAltName("DNS:localhost, URI:urn:tongxing:platform:44, URI:urn:example:x"), ["44"]);
  assert.deepEqual(platformsOfSubjectAltName(undefined), []);
});
