import type { WatchedPlatformKeys } from "./platform-key-store.js";
import { signedContent } from "./signed-content.js";
import { sm2Verify } from "./sm2-signature.js";

/** The rules a refused signature names (UNAUTHENTICATED at the edge). */
export const SignatureRule = {
  MISSING: "signature.missing",
  UNKNOWN_KEY: "signature.unknown-key",
  KEY_EXPIRED: "signature.key-expired",
  INVALID: "signature.invalid",
} as const;
export type SignatureRule = (typeof SignatureRule)[keyof typeof SignatureRule];

/** What a message carried. */
export interface SignedMessage {
  readonly platform: string;
  readonly context: string;
  readonly body: Uint8Array;
  readonly keyId: string | undefined;
  readonly signature: Uint8Array | undefined;
  readonly atMs: number;
}

/** A refusal, naming its rule; undefined when the signature is good. */
export interface SignatureRefusal {
  readonly rule: SignatureRule;
  readonly message: string;
}

/**
 * Checks a platform's signature: present, by a key of that platform in the platform-keys store,
 * within the key's validity, and valid over {@link signedContent} of the message.
 */
export function checkSignature(keys: WatchedPlatformKeys, m: SignedMessage): SignatureRefusal | undefined {
  if (m.signature === undefined || m.signature.byteLength === 0 || m.keyId === undefined || m.keyId === "") {
    return { rule: SignatureRule.MISSING, message: `${SignatureRule.MISSING}: platform ${m.platform} must sign this message (SM2/SM3 signature and key id)` };
  }
  const loaded = keys.get(m.platform, m.keyId);
  if (loaded === undefined) {
    return { rule: SignatureRule.UNKNOWN_KEY, message: `${SignatureRule.UNKNOWN_KEY}: platform ${m.platform} has no key "${m.keyId.slice(0, 64)}" in the platform-keys store` };
  }
  if (m.atMs < loaded.notBeforeMs || m.atMs > loaded.notAfterMs) {
    return { rule: SignatureRule.KEY_EXPIRED, message: `${SignatureRule.KEY_EXPIRED}: key ${loaded.key.keyId} of platform ${m.platform} is valid ${loaded.key.notBefore} to ${loaded.key.notAfter}; sign with a current key` };
  }
  if (!sm2Verify(loaded.publicKey, signedContent(m.context, m.platform, m.body), m.signature)) {
    return { rule: SignatureRule.INVALID, message: `${SignatureRule.INVALID}: the signature by key ${loaded.key.keyId} does not verify over the message as received (payload and routing fields) for platform ${m.platform}` };
  }
  return undefined;
}
