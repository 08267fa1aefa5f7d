import type { KeyObject } from "node:crypto";
import { KEY_ID_HEADER, signedContent, SIGNATURE_HEADER } from "./signed-content.js";
import { sm2PrivateKey, sm2Sign } from "./sm2-signature.js";

/** A platform's signing side (simulators, the conformance kit, test clients). */
export interface PlatformSigner {
  readonly platform: string;
  readonly keyId: string;
  /** The signature over {@link signedContent}. */
  sign(context: string, body: Uint8Array): Uint8Array;
  /** The gRPC metadata of a signed unary call (`path` e.g. /tongxing.v1.ClaimGateway/SubmitClaim). */
  callHeaders(path: string, requestBytes: Uint8Array): Record<string, string>;
}

/** A signer from the platform's private key (PEM) and the key id the store knows it by. */
export function createPlatformSigner(platform: string, keyId: string, privateKeyPem: string): PlatformSigner {
  const key: KeyObject = sm2PrivateKey(privateKeyPem);
  const sign = (context: string, body: Uint8Array) => sm2Sign(key, signedContent(context, platform, body));
  return {
    platform,
    keyId,
    sign,
    callHeaders: (path, requestBytes) => ({ [SIGNATURE_HEADER]: Buffer.from(sign(path, requestBytes)).toString("base64"), [KEY_ID_HEADER]: keyId }),
  };
}
