import { Metadata, ServerInterceptingCall, status as GrpcStatus, type ServerInterceptor } from "@grpc/grpc-js";
import { checkSignature, KEY_ID_HEADER, linkSignatureContext, SIGNATURE_HEADER, type SignatureRefusal, type WatchedPlatformKeys } from "@tongxing/pki";
import { ConnectRequestSchema, type ConnectRequest } from "@tongxing/proto";
import { receivedBytesOf } from "@tongxing/proto/grpc";
import { messageFieldValue } from "@tongxing/proto/wire";
import type { RoutingTable } from "@tongxing/routing";
import { VERIFIED_PLATFORM_KEY } from "./caller-platform.js";

const SIGNED_SERVICE_PREFIX = "/tongxing.v1.";
const LINK_PATH = "/tongxing.v1.ProvinceLink/Connect";

function firstText(metadata: Metadata, key: string): string | undefined {
  const v = metadata.get(key);
  return v.length === 1 && typeof v[0] === "string" ? v[0] : undefined;
}

function base64Bytes(text: string | undefined): Uint8Array | undefined {
  if (text === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

/**
 * The one place platforms' signatures are checked, for every dialect and RPC alike: where the
 * caller's routing entry says `requireSignatures`, each unary request must carry
 * x-tongxing-signature / x-tongxing-key-id over its bytes as received, and each adjudication or
 * refusal (every link reply but Hello and ResultAck) on its ProvinceLink the ConnectRequest's
 * `signature` / `key_id` over that reply's bytes. A refusal is UNAUTHENTICATED naming the rule (signature.missing, signature.unknown-key,
 * signature.key-expired, signature.invalid) before any handler sees the message; on the link it
 * ends the stream (the unanswered delivery is redelivered). Runs after the caller identity
 * interceptor, whose verified platform it reads.
 */
export function createSignatureInterceptor(routing: RoutingTable, keys: WatchedPlatformKeys, nowMs: () => number = Date.now): ServerInterceptor {
  return (method, call) => {
    if (!method.path.startsWith(SIGNED_SERVICE_PREFIX)) return new ServerInterceptingCall(call);
    let platform: string | undefined;
    let keyId: string | undefined;
    let signature: Uint8Array | undefined;
    const refuse = (r: SignatureRefusal) => call.sendStatus({ code: GrpcStatus.UNAUTHENTICATED, details: r.message, metadata: new Metadata() });
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            platform = firstText(metadata, VERIFIED_PLATFORM_KEY);
            keyId = firstText(metadata, KEY_ID_HEADER);
            signature = base64Bytes(firstText(metadata, SIGNATURE_HEADER));
            mdNext(metadata);
          },
          onReceiveMessage: (message, msgNext) => {
            if (platform === undefined || routing.platform(platform)?.requireSignatures !== true) return msgNext(message);
            const refusal = method.path === LINK_PATH ? checkLinkReply(keys, platform, message as ConnectRequest, nowMs()) : checkSignature(keys, { platform, context: method.path, body: receivedBytesOf(message) ?? new Uint8Array(), keyId, signature, atMs: nowMs() });
            if (refusal !== undefined) return refuse(refusal);
            msgNext(message);
          },
        }),
    });
  };
}

/** Link messages that carry nothing to sign (the window, an acknowledgement); every other case is signed. */
const UNSIGNED_LINK_CASES: ReadonlySet<string> = new Set(["hello", "resultAck"]);

/** A link message: every reply (adjudication, refusal, pre-settlement answer, any later kind) is signed over its own bytes. */
function checkLinkReply(keys: WatchedPlatformKeys, platform: string, request: ConnectRequest, atMs: number): SignatureRefusal | undefined {
  const kind = request.msg.case;
  if (kind === undefined || UNSIGNED_LINK_CASES.has(kind)) return undefined;
  const fieldNo = ConnectRequestSchema.fields.find((f) => f.oneof?.name === "msg" && f.localName === kind)?.number;
  const raw = receivedBytesOf(request);
  return checkSignature(keys, {
    platform,
    context: linkSignatureContext(kind),
    body: (raw === undefined || fieldNo === undefined ? undefined : messageFieldValue(raw, fieldNo)) ?? new Uint8Array(),
    keyId: request.keyId,
    signature: request.signature,
    atMs,
  });
}
