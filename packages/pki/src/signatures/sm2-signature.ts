import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

/**
 * SM2 signatures with SM3 digests, from Node's own crypto (OpenSSL 3; see
 * docs/decisions/sm2-signatures.md): DER-encoded, OpenSSL's default SM2 distinguishing id.
 */

/** A fresh SM2 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSm2KeyPair(): { readonly privateKeyPem: string; readonly publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "SM2" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The SM2 curve's OID (1.2.156.10197.1.301) as DER: how a key that OpenSSL treats as SM2 is recognised. */
const SM2_CURVE_OID = Buffer.from("06082a811ccf5501822d", "hex");

/**
 * An SM2 private key from PEM; throws naming the problem when it is not one. Node reports keys
 * read from PEM on the SM2 curve with no type (OpenSSL's own SM2 key type, which signs with the
 * SM2 scheme); a KeyObject generated as "ec" on that curve would sign ECDSA instead, so keys are
 * always taken from PEM.
 */
export function sm2PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== undefined || !key.export({ type: "pkcs8", format: "der" }).includes(SM2_CURVE_OID)) {
    throw new Error(`not an SM2 private key (${key.asymmetricKeyType ?? "unknown type"})`);
  }
  return key;
}

/** An SM2 public key from PEM; throws naming the problem when it is not one. */
export function sm2PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== undefined || !key.export({ type: "spki", format: "der" }).includes(SM2_CURVE_OID)) {
    throw new Error(`not an SM2 public key (${key.asymmetricKeyType ?? "unknown type"})`);
  }
  return key;
}

/** The SM2/SM3 signature of `data` (DER). */
export function sm2Sign(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign("sm3", data, privateKey));
}

/** Whether `signature` is a valid SM2/SM3 signature of `data`; false (never throws) on malformed input. */
export function sm2Verify(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify("sm3", data, publicKey, signature);
  } catch {
    return false;
  }
}
