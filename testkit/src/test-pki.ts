import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials as grpcCredentials, type ChannelCredentials } from "@grpc/grpc-js";
import { PROVINCES } from "@tongxing/domain";
import { ensureDevPki, issueCertificate, loadCertificateAuthority, type CertificateAuthority, type IssuedCertificate, type IssueOptions, type PkiPaths } from "@tongxing/pki";

/** Platform ids with a client certificate in the test PKI: every province, and "99" (no routing entry). */
export const TEST_PKI_PLATFORMS: readonly string[] = [...PROVINCES.map((p) => p.code), "99"];

/** A throwaway PKI for tests: a CA, the hub's server certificate, one client certificate per platform. */
export interface TestPki {
  /** The files (for services run as processes: TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE, TLS_CRL_FILE). */
  readonly paths: PkiPaths;
  readonly ca: CertificateAuthority;
  /** The hub's mTLS material, PEM (a translator's `tls` option). */
  readonly serverTls: { readonly caPem: string; readonly certPem: string; readonly keyPem: string; readonly crlPem: string };
  /**
   * Channel credentials of a platform's client certificate. "" gets a valid certificate that
   * names no platform (an anonymous caller).
   */
  credentials(platform: string): ChannelCredentials;
  /** Channel credentials for a certificate issued on the spot (e.g. from {@link TestPki.issue}). */
  credentialsOf(cert: Pick<IssuedCertificate, "certPem" | "keyPem">, caPem?: string): ChannelCredentials;
  /** Issues another client certificate for a platform from this CA (back-dated, revoked, …). */
  issue(platform: string, options?: IssueOptions): Promise<IssuedCertificate>;
}

let shared: Promise<TestPki> | undefined;

/** The test PKI of this process: created once (about a tenth of a second), under the OS temp dir. */
export function testPki(): Promise<TestPki> {
  shared ??= createTestPki();
  return shared;
}

async function createTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-test-pki-"));
  const paths = await ensureDevPki({ dir, platforms: TEST_PKI_PLATFORMS });
  const ca = await loadCertificateAuthority(paths);
  // A valid client certificate of this CA that names no platform: an anonymous caller.
  const anonymous = await issueCertificate(ca, { kind: "platform", uri: "urn:example:no-platform", commonName: "no platform" });
  const caPem = ca.certPem;
  const read = (f: string) => readFileSync(f, "utf8");
  const cache = new Map<string, ChannelCredentials>();
  const credentialsOf = (cert: Pick<IssuedCertificate, "certPem" | "keyPem">, ca = caPem) =>
    grpcCredentials.createSsl(Buffer.from(ca), Buffer.from(cert.keyPem), Buffer.from(cert.certPem));
  return {
    paths,
    ca,
    serverTls: { caPem, certPem: read(paths.serverCert), keyPem: read(paths.serverKey), crlPem: read(paths.crl) },
    credentials(platform) {
      let c = cache.get(platform);
      if (c === undefined) {
        if (platform === "") c = credentialsOf(anonymous);
        else if (TEST_PKI_PLATFORMS.includes(platform)) c = credentialsOf({ certPem: read(paths.platformCert(platform)), keyPem: read(paths.platformKey(platform)) });
        else throw new Error(`the test PKI has no certificate for platform "${platform}"; issue one with hub.pki.issue()`);
        cache.set(platform, c);
      }
      return c;
    },
    credentialsOf,
    issue: (platform, options) => issueCertificate(ca, { kind: "platform", uri: `urn:tongxing:platform:${platform}`, commonName: `platform ${platform}` }, options),
  };
}
