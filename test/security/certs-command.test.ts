// `npm run certs`: issues a platform's client certificate from the development CA, and revokes one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { pkiPaths, platformsOfSubjectAltName, revokedSerials } from "@tongxing/pki";

const root = fileURLToPath(new URL("../../", import.meta.url));
const certs = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/certs.ts", ...args], { cwd: root, encoding: "utf8" });

test("certs --platform 44 --out DIR issues 44's certificate from the CA; --revoke lists it on the CRL", () => {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-certs-cmd-"));
  try {
    const pki = join(dir, "pki");
    const out = join(dir, "out");
    const issued = certs(["--platform", "44", "--out", out, "--pki", pki, "--days", "30"]);
    assert.equal(issued.status, 0, issued.stderr);
    const cert = new X509Certificate(readFileSync(join(out, "platform-44.pem")));
    const ca = new X509Certificate(readFileSync(join(out, "ca.pem")));
    assert.ok(cert.verify(ca.publicKey));
    assert.equal(readFileSync(join(out, "ca.pem"), "utf8"), readFileSync(pkiPaths(pki).caCert, "utf8"), "the development CA");
    assert.deepEqual(platformsOfSubjectAltName(cert.subjectAltName), ["44"]);
    assert.ok(new Date(cert.validTo).getTime() - Date.now() < 31 * 86_400_000, "--days");
    assert.match(readFileSync(join(out, "platform-44-key.pem"), "utf8"), /BEGIN PRIVATE KEY/);

    const revoked = certs(["--revoke", join(out, "platform-44.pem"), "--pki", pki]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.deepEqual(revokedSerials(readFileSync(pkiPaths(pki).crl, "utf8")), [cert.serialNumber.toLowerCase()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
