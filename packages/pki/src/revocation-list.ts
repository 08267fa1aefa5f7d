import "./reflect-polyfill.js";
import { AuthorityKeyIdentifierExtension, PemConverter, X509Certificate, X509Crl, X509CrlGenerator } from "@peculiar/x509";
import type { CertificateAuthority } from "./certificate-authority.js";
import { importPrivateKeyPem, KEY_ALGORITHM } from "./key-algorithm.js";

/** Options for {@link createRevocationList}. */
export interface RevocationListOptions {
  /** Default 30. */
  readonly validDays?: number;
}

/** A CRL (PEM) signed by the CA listing the revoked serial numbers (hex); empty is valid. */
export async function createRevocationList(ca: CertificateAuthority, revokedSerialsHex: readonly string[], options: RevocationListOptions = {}): Promise<string> {
  const caCert = new X509Certificate(ca.certPem);
  const now = Date.now();
  const crl = await X509CrlGenerator.create({
    issuer: caCert.subject,
    thisUpdate: new Date(now - 60_000),
    nextUpdate: new Date(now + (options.validDays ?? 30) * 86_400_000),
    signingAlgorithm: KEY_ALGORITHM,
    signingKey: await importPrivateKeyPem(ca.keyPem),
    entries: revokedSerialsHex.map((serialNumber) => ({ serialNumber, revocationDate: new Date(now - 1_000) })),
    extensions: [await AuthorityKeyIdentifierExtension.create(caCert)],
  });
  // OpenSSL (and so Node's TLS `crl` option) reads only the "X509 CRL" PEM label.
  return PemConverter.encode(crl.rawData, "X509 CRL");
}

/** Serial numbers (hex, lower case) a CRL lists. */
export function revokedSerials(crlPem: string): string[] {
  const der = PemConverter.decode(crlPem)[0];
  if (der === undefined) throw new Error("no PEM block in the CRL");
  return new X509Crl(der).entries.map((e) => e.serialNumber.toLowerCase());
}

/** The CRL with one more serial listed (re-signed by the CA); a serial already listed is kept once. */
export async function addToRevocationList(ca: CertificateAuthority, crlPem: string | undefined, serialHex: string): Promise<string> {
  const serials = new Set(crlPem === undefined ? [] : revokedSerials(crlPem));
  serials.add(serialHex.toLowerCase());
  return createRevocationList(ca, [...serials]);
}
