/**
 * What a platform signs, in one place for every signer and verifier (the gateway, the link, the
 * simulators, the conformance kit): a domain tag, the context (the RPC path, or the link message
 * kind), the platform id and the exact bytes as sent (a unary request's protobuf encoding —
 * `dialect`, `payload` and `idempotency_key` included — or a link reply's). A signature for one
 * RPC, platform or payload therefore verifies for no other.
 */

/** gRPC metadata header: the signature (Base64 of the DER SM2 signature). */
export const SIGNATURE_HEADER = "x-tongxing-signature";
/** gRPC metadata header: the id of the platform key that made it. */
export const KEY_ID_HEADER = "x-tongxing-key-id";

const DOMAIN = "tongxing-signature-v1";

/**
 * The context of a signed link message (the unary ones use their RPC path): the RPC path and the
 * ConnectRequest case, e.g. "/tongxing.v1.ProvinceLink/Connect#adjudication" (also `refusal`,
 * `preSettleReply`: every case but `hello` and `resultAck`, which carry nothing to sign).
 */
export function linkSignatureContext(kind: string): string {
  return `/tongxing.v1.ProvinceLink/Connect#${kind}`;
}

/** The bytes a signature covers: DOMAIN \n context \n platform \n ‖ body. */
export function signedContent(context: string, platform: string, body: Uint8Array): Uint8Array {
  const head = Buffer.from(`${DOMAIN}\n${context}\n${platform}\n`, "utf8");
  return Buffer.concat([head, body]);
}
