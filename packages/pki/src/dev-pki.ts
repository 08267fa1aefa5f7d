import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createCertificateAuthority, issueCertificate, type CertificateAuthority } from "./certificate-authority.js";
import { platformUri } from "./platform-uri.js";
import { createRevocationList } from "./revocation-list.js";

/** Where a PKI directory keeps its files (all PEM). */
export interface PkiPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  /** The CRL the hub checks client certificates against (empty until something is revoked). */
  readonly crl: string;
  readonly serverCert: string;
  readonly serverKey: string;
  platformCert(platform: string): string;
  platformKey(platform: string): string;
}

/** The file layout under a PKI directory. */
export function pkiPaths(dir: string): PkiPaths {
  return {
    dir,
    caCert: join(dir, "ca.pem"),
    caKey: join(dir, "ca-key.pem"),
    crl: join(dir, "crl.pem"),
    serverCert: join(dir, "server.pem"),
    serverKey: join(dir, "server-key.pem"),
    platformCert: (p) => join(dir, "platforms", `${p}.pem`),
    platformKey: (p) => join(dir, "platforms", `${p}-key.pem`),
  };
}

/** Options for {@link ensureDevPki}. */
export interface DevPkiOptions {
  readonly dir: string;
  /** Platform ids that get a client certificate. */
  readonly platforms: readonly string[];
  /** Names the server certificate is valid for. Default localhost, 127.0.0.1 and ::1. */
  readonly serverDnsNames?: readonly string[];
  readonly serverIpAddresses?: readonly string[];
}

/**
 * Creates, once, a development CA, an empty CRL, a server certificate and one client certificate
 * per platform under `dir`; files already there are kept (a second start reuses them).
 */
export async function ensureDevPki(options: DevPkiOptions): Promise<PkiPaths> {
  const paths = pkiPaths(options.dir);
  await mkdir(join(options.dir, "platforms"), { recursive: true, mode: 0o700 });
  if (!existsSync(paths.caCert) || !existsSync(paths.caKey)) {
    const ca = await createCertificateAuthority();
    await writeFile(paths.caKey, ca.keyPem, { mode: 0o600 });
    await writeFile(paths.caCert, ca.certPem);
  }
  const ca = await loadCertificateAuthority(paths);
  if (!existsSync(paths.crl)) await writeFile(paths.crl, await createRevocationList(ca, []));
  if (!existsSync(paths.serverCert) || !existsSync(paths.serverKey)) {
    const server = await issueCertificate(ca, {
      kind: "server",
      commonName: "tongxing-hub",
      dnsNames: options.serverDnsNames ?? ["localhost"],
      ipAddresses: options.serverIpAddresses ?? ["127.0.0.1", "::1"],
    });
    await writeFile(paths.serverKey, server.keyPem, { mode: 0o600 });
    await writeFile(paths.serverCert, server.certPem);
  }
  for (const platform of options.platforms) {
    if (existsSync(paths.platformCert(platform)) && existsSync(paths.platformKey(platform))) continue;
    await writePlatformCertificate(ca, platform, paths.platformCert(platform), paths.platformKey(platform));
  }
  return paths;
}

/** Reads a CA (certificate and key) from a PKI directory. */
export async function loadCertificateAuthority(paths: Pick<PkiPaths, "caCert" | "caKey">): Promise<CertificateAuthority> {
  return { certPem: await readFile(paths.caCert, "utf8"), keyPem: await readFile(paths.caKey, "utf8") };
}

/** Issues a platform's client certificate and writes it (key mode 0600). Returns the serial (hex). */
export async function writePlatformCertificate(ca: CertificateAuthority, platform: string, certFile: string, keyFile: string, validDays?: number): Promise<string> {
  const issued = await issueCertificate(ca, { kind: "platform", uri: platformUri(platform), commonName: `platform ${platform}` }, validDays === undefined ? {} : { validDays });
  await writeFile(keyFile, issued.keyPem, { mode: 0o600 });
  await writeFile(certFile, issued.certPem);
  return issued.serialHex;
}
