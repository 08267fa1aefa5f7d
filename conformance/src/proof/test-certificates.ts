import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files of a throwaway hub CA, the kit's server certificate and one platform's client certificate. */
export interface TestCertificates {
  readonly dir: string;
  readonly caPath: string;
  readonly serverCertPath: string;
  readonly serverKeyPath: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
  /** A client certificate from the same CA without the platform SAN URI. */
  readonly anonymousCertPath: string;
  readonly anonymousKeyPath: string;
  read(path: string): Buffer;
  remove(): void;
}

const OPENSSL = "/usr/bin/openssl";

function openssl(args: string[]): void {
  execFileSync(OPENSSL, args, { stdio: "pipe" });
}

/** Issues a leaf certificate signed by the CA in `dir`, with the given subjectAltName. */
function issue(dir: string, name: string, cn: string, san: string, usage: string): void {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-subj", `/CN=${cn}`, "-out", csr]);
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=${usage}\n`);
  openssl(["x509", "-req", "-in", csr, "-CA", join(dir, "ca.crt"), "-CAkey", join(dir, "ca.key"), "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", join(dir, `${name}.crt`)]);
}

/**
 * Generates, with the openssl CLI, a CA, a server certificate for localhost / 127.0.0.1 and a
 * client certificate for platform `platform` (SAN URI urn:tongxing:platform:NN), in a temp dir.
 */
export function createTestCertificates(platform = "32"): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-conformance-certs-"));
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "ca.key"), "-subj", "/CN=Tongxing test CA", "-days", "2", "-out", join(dir, "ca.crt")]);
  issue(dir, "server", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth");
  issue(dir, "platform", `platform ${platform}`, `URI:urn:tongxing:platform:${platform}`, "clientAuth");
  issue(dir, "anonymous", "anonymous", "DNS:anonymous.example", "clientAuth");
  return {
    dir,
    caPath: join(dir, "ca.crt"),
    serverCertPath: join(dir, "server.crt"),
    serverKeyPath: join(dir, "server.key"),
    clientCertPath: join(dir, "platform.crt"),
    clientKeyPath: join(dir, "platform.key"),
    anonymousCertPath: join(dir, "anonymous.crt"),
    anonymousKeyPath: join(dir, "anonymous.key"),
    read: (path) => readFileSync(path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
