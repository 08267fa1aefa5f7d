import { InvalidInputError } from "@tongxing/domain";
import type { PlatformSecurity } from "../dialect.js";
import { sm2SignBase64, sm2VerifyBase64, sm4DecryptFromBase64, sm4EncryptToBase64 } from "./sm-crypto.js";

/**
 * Opens an encrypted national message in place: when `input` is a string it is SM4 ciphertext
 * (Base64) of the JSON input object; with the platform's SM2 key configured, `cainfo` must be
 * its signature over infno + msgid + the ciphertext as sent. Returns the decrypted input text
 * for the caller to parse, or undefined when the input was plain.
 */
export function openEncryptedInput(root: Record<string, unknown>, security: PlatformSecurity | undefined): Buffer | undefined {
  const input = root.input;
  if (typeof input !== "string") return undefined;
  const key = security?.symmetricKeyHex;
  if (key === undefined) throw InvalidInputError.of("input", "is encrypted, but no SM4 key is configured for this platform");
  if (security?.peerPublicKeyPem !== undefined) {
    const cainfo = typeof root.cainfo === "string" ? root.cainfo : "";
    const signed = `${String(root.infno ?? "")}${String(root.msgid ?? "")}${input}`;
    if (cainfo === "" || !sm2VerifyBase64(security.peerPublicKeyPem, signed, cainfo)) {
      throw InvalidInputError.of("cainfo", "SM2 signature over infno + msgid + input does not verify with the platform's key");
    }
  }
  try {
    return sm4DecryptFromBase64(key, input);
  } catch {
    throw InvalidInputError.of("input", "cannot be decrypted with the platform's SM4 key");
  }
}

/**
 * Seals an answer for a platform that encrypts: `output` becomes SM4 ciphertext (Base64) of its
 * JSON text and, with the hub's key configured, `cainfo` the hub's SM2 signature over
 * infcode + inf_refmsgid + the ciphertext.
 */
export function sealOutput(message: Record<string, unknown>, outputJson: string, security: PlatformSecurity | undefined): Record<string, unknown> {
  const key = security?.symmetricKeyHex;
  if (key === undefined) return message;
  const sealed = sm4EncryptToBase64(key, outputJson);
  const out: Record<string, unknown> = { ...message, output: sealed };
  if (security?.hubPrivateKeyPem !== undefined) {
    out.cainfo = sm2SignBase64(security.hubPrivateKeyPem, `${String(message.infcode)}${String(message.inf_refmsgid ?? "")}${sealed}`);
    out.signtype = "SM2";
  }
  return out;
}
