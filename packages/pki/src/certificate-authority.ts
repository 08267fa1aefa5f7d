import "./reflect-polyfill.js";
import { AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension, X509Certificate, X509CertificateGenerator } from "@peculiar/x509";
import { generateKeyPair, importPrivateKeyPem, KEY_ALGORITHM, privateKeyPem, randomSerialHex } from "./key-algorithm.js";

const DAY_MS = 86_400_000;

/** A certificate authority: its certificate and the private key it signs with, both PEM. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A certificate and its private key, PEM. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Hex serial number (what a CRL lists). */
  readonly serialHex: string;
}

/** Options for {@link createCertificateAuthority}. */
export interface CertificateAuthorityOptions {
  /** Default "Tongxing development CA". */
  readonly commonName?: string;
  /** Default 3650. */
  readonly validDays?: number;
}

/** Creates a self-signed CA (ECDSA P-256) that can sign certificates and CRLs. */
export async function createCertificateAuthority(options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const now = Date.now();
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: `CN=${options.commonName ?? "Tongxing development CA"}, O=Tongxing`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + (options.validDays ?? 3650) * DAY_MS),
    signingAlgorithm: KEY_ALGORITHM,
    keys,
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey) };
}

/** What a certificate is for. */
export type CertificateSubject =
  /** A platform's client certificate: SAN URI urn:tongxing:platform:<id>. */
  | { readonly kind: "platform"; readonly uri: string; readonly commonName: string }
  /** The hub's server certificate: DNS names and IP addresses it is reached by. */
  | { readonly kind: "server"; readonly dnsNames: readonly string[]; readonly ipAddresses: readonly string[]; readonly commonName: string };

/** Options for {@link issueCertificate}. */
export interface IssueOptions {
  /** Default 825 days. */
  readonly validDays?: number;
  /** Start of validity; default a minute ago. Tests back-date to make an expired certificate. */
  readonly notBefore?: Date;
  /** End of validity; overrides validDays. */
  readonly notAfter?: Date;
}

/** Issues a leaf certificate signed by the CA. */
export async function issueCertificate(ca: CertificateAuthority, subject: CertificateSubject, options: IssueOptions = {}): Promise<IssuedCertificate> {
  const caCert = new X509Certificate(ca.certPem);
  const signingKey = await importPrivateKeyPem(ca.keyPem);
  const keys = await generateKeyPair();
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + (options.validDays ?? 825) * DAY_MS);
  const serialHex = randomSerialHex();
  const names =
    subject.kind === "platform"
      ? [{ type: "url" as const, value: subject.uri }]
      : [...subject.dnsNames.map((value) => ({ type: "dns" as const, value })), ...subject.ipAddresses.map((value) => ({ type: "ip" as const, value }))];
  const cert = await X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: `CN=${subject.commonName}, O=Tongxing`,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: KEY_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
      new ExtendedKeyUsageExtension([subject.kind === "platform" ? ExtendedKeyUsage.clientAuth : ExtendedKeyUsage.serverAuth]),
      new SubjectAlternativeNameExtension(names),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), serialHex };
}
