import { status as GrpcStatus, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { createDialectRegistry } from "@tongxing/dialects";
import { create } from "@bufbuild/protobuf";
import { ClaimGateway, ClaimKind, SettleClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { scriptedClaim } from "../kit/scripted-claims.js";

/** Faults a treatment-side client can have. */
export interface SubmitterFaults {
  /** Send the n-th claim (1-based) with a broken GBK byte pair in the patient's name (jinbao-legacy). */
  readonly malformedGbkOnClaim?: number;
  /** Retry with a new msgid and no idempotency_key (a second settlement in the making). */
  readonly retryWithoutKey?: boolean;
  /** Book any result, even one echoing another message's msgid. */
  readonly acceptsAnyResult?: boolean;
}

const KINDS = [ClaimKind.OUTPATIENT, ClaimKind.INPATIENT, ClaimKind.PHARMACY];
// 张 in GBK is D5 C5; a trail byte of FF is outside GBK's trail ranges (40–7E, 80–FE).
const ZHANG = [0xd5, 0xc5];

/**
 * A treatment-side client for the kit's proof tests: settles `claims` claims one after another
 * in `dialect` with SettleClaim, keyed by their msgid, retrying DEADLINE_EXCEEDED, UNAVAILABLE and
 * a result echoing another msgid after 100 ms with the same bytes and key (up to 5 times), going on
 * after any other answer.
 */
export function startProofSubmitter(address: string, credentials: ChannelCredentials, dialectName: string, faults: SubmitterFaults = {}, claims = 8): { close(): void } {
  const dialect = createDialectRegistry().get(dialectName);
  const client = createGrpcClient(ClaimGateway, address, { credentials });
  let running = true;
  const run = async () => {
    for (let i = 1; i <= claims && running; i++) {
      const claim = scriptedClaim({ kind: KINDS[i % KINDS.length] as ClaimKind, serial: 100 + i });
      const encode = () => {
        const bytes = dialect.encodeClaim?.(claim) ?? new Uint8Array();
        if (faults.malformedGbkOnClaim === i) {
          const at = bytes.findIndex((b, j) => b === ZHANG[0] && bytes[j + 1] === ZHANG[1]);
          if (at >= 0) bytes[at + 1] = 0xff;
        }
        return bytes;
      };
      let payload = encode();
      let idempotencyKey = claim.msgid;
      for (let attempt = 1; attempt <= 5 && running; attempt++) {
        try {
          const response = await callUnary(client, ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: dialectName, payload, idempotencyKey }), { timeoutMs: 5_000 });
          // A result for another message is not this claim's: retry it.
          if (faults.acceptsAnyResult === true || response.settlement?.msgid === claim.msgid) break;
          throw Object.assign(new Error("a result for another message"), { code: GrpcStatus.UNAVAILABLE });
        } catch (err) {
          const code = (err as ServiceError).code;
          if (code !== GrpcStatus.DEADLINE_EXCEEDED && code !== GrpcStatus.UNAVAILABLE) break;
          await new Promise((r) => setTimeout(r, 100));
          if (faults.retryWithoutKey === true) {
            claim.msgid = `${claim.msgid.slice(0, -1)}${attempt}`;
            payload = encode();
            idempotencyKey = "";
          }
        }
      }
    }
  };
  run().catch(() => {
    // The kit closing mid-call ends the run; the proof reads the kit's report, not this client.
  });
  return {
    close() {
      running = false;
      client.close();
    },
  };
}
