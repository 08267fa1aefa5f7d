import type { KeyObject } from "node:crypto";
import { linkSignatureContext, signedContent, sm2Verify, SignatureRule } from "@tongxing/pki";
import { ConnectRequestSchema, type ConnectRequest } from "@tongxing/proto";
import { receivedBytesOf } from "@tongxing/proto/grpc";
import { messageFieldValue } from "@tongxing/proto/wire";

/** Link messages that carry nothing to sign (as the hub has it: docs/security.md#signatures). */
const UNSIGNED_CASES: ReadonlySet<string> = new Set(["hello", "resultAck"]);

/**
 * What is wrong with the signature of a link reply, as the hub judges it for a platform whose
 * routing entry requires signatures (the rule first, then why), or undefined when it verifies with
 * `publicKey` over the reply's bytes as received. The kit holds one public key of the platform
 * (the one registered with the hub), so any key id is accepted that signs with it.
 */
export function linkReplySignatureProblem(request: ConnectRequest, platform: string, publicKey: KeyObject): string | undefined {
  const kind = request.msg.case;
  if (kind === undefined || UNSIGNED_CASES.has(kind)) return undefined;
  if (request.signature.byteLength === 0 || request.keyId === "") return `${SignatureRule.MISSING}: the ${kind} carries no signature and key id (ConnectRequest fields 50 and 51)`;
  const fieldNo = ConnectRequestSchema.fields.find((f) => f.oneof?.name === "msg" && f.localName === kind)?.number;
  const raw = receivedBytesOf(request);
  const body = raw === undefined || fieldNo === undefined ? undefined : messageFieldValue(raw, fieldNo);
  if (body === undefined) return `${SignatureRule.INVALID}: the ${kind}'s bytes as received are not available to check`;
  if (!sm2Verify(publicKey, signedContent(linkSignatureContext(kind), platform, body), request.signature)) {
    return `${SignatureRule.INVALID}: the signature by key "${request.keyId.slice(0, 64)}" does not verify with the platform key given (--platform-key) over "tongxing-signature-v1\\n${linkSignatureContext(kind)}\\n${platform}\\n" and the ${kind}'s bytes`;
  }
  return undefined;
}
