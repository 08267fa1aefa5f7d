import "./reflect-polyfill.js";
import { webcrypto } from "node:crypto";
import { cryptoProvider, PemConverter } from "@peculiar/x509";

/** ECDSA P-256 with SHA-256: supported by Node's webcrypto, OpenSSL (TLS) and grpcurl alike. */
export const KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

const subtle = webcrypto.subtle;
cryptoProvider.set(webcrypto as unknown as Parameters<typeof cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** A fresh exportable key pair. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
}

/** PKCS#8 PEM of a private key (what TLS stacks and grpcurl read). */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return PemConverter.encode(await subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** Imports a PKCS#8 PEM private key for signing. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const der = PemConverter.decode(pem)[0];
  if (der === undefined) throw new Error("no PEM block in private key");
  return (await subtle.importKey("pkcs8", der, KEY_ALGORITHM, true, ["sign"])) as CryptoKey;
}

/** A random positive serial number, hex (16 bytes). */
export function randomSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f | 0x01;
  return Buffer.from(bytes).toString("hex");
}
