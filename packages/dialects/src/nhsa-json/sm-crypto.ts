import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

/**
 * The national interface's optional message security, with Node's own SM algorithms:
 * SM4-ECB with PKCS#7 padding (Base64 text) for `input`/`output`, and SM2 signatures with SM3
 * digests (Base64 DER, OpenSSL's default SM2 distinguishing id) in `cainfo`.
 */

const SM4_KEY = /^[0-9a-fA-F]{32}$/;

/** True when `hex` is a 128-bit SM4 key in hex. */
export function isSm4Key(hex: string): boolean {
  return SM4_KEY.test(hex);
}

export function sm4EncryptToBase64(keyHex: string, plaintext: string): string {
  const cipher = createCipheriv("sm4-ecb", Buffer.from(keyHex, "hex"), null);
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

/** Decrypts; throws on a wrong key, bad padding or bad Base64 (the caller names the field). */
export function sm4DecryptFromBase64(keyHex: string, base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error("not Base64");
  const decipher = createDecipheriv("sm4-ecb", Buffer.from(keyHex, "hex"), null);
  return Buffer.concat([decipher.update(Buffer.from(base64, "base64")), decipher.final()]);
}

export function sm2SignBase64(privateKeyPem: string, data: string): string {
  return sign("sm3", Buffer.from(data, "utf8"), createPrivateKey(privateKeyPem)).toString("base64");
}

/** False on any mismatch or malformed signature; never throws for bad input. */
export function sm2VerifyBase64(publicKeyPem: string, data: string, signatureBase64: string): boolean {
  try {
    return verify("sm3", Buffer.from(data, "utf8"), createPublicKey(publicKeyPem), Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}
