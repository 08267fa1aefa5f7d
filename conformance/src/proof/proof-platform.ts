import { create } from "@bufbuild/protobuf";
import type { ChannelCredentials, ClientDuplexStream } from "@grpc/grpc-js";
import { createSimulatedAdjudicator } from "@tongxing/loadtest";
import { createDialectRegistry } from "@tongxing/dialects";
import { ClaimStatus, ConnectRequestSchema, ProvinceLink, type Adjudication, type Claim, type ConnectRequest, type ConnectResponse } from "@tongxing/proto";
import { createGrpcClient, openBidi } from "@tongxing/proto/grpc";

/** Protocol faults the loadtest simulator cannot show (it answers at once and acks everything). */
export interface ProtocolFaults {
  /** Acknowledge no result at all (missing ack), or none of status CANCELLED (ignoring a cancel). */
  readonly skipAcks?: "all" | "cancelled";
  /** Answer no reversal (a platform that never reverses its fund payments). */
  readonly ignoreReversals?: boolean;
  /** Wait this long before answering each claim (too slow). */
  readonly answerDelayMs?: number;
  /**
   * Ask for claims in this dialect (Hello.dialect_payloads), adjudicate the claim decoded from
   * the payload, and reply with payload bytes in it instead of a canonical Adjudication.
   */
  readonly replyDialect?: string;
  /** In replyDialect's replies, break the GBK pair of 张 (the patient's name): malformed GBK. */
  readonly malformedGbkReplies?: boolean;
}

// 张 in GBK is D5 C5; a trail byte of FF is outside GBK's trail ranges (40–7E, 80–FE).
const ZHANG = [0xd5, 0xc5];

/**
 * A platform for the kit's proof tests: the loadtest simulator's adjudication (policy table,
 * one answer per claim id) behind a ProvinceLink client with one planted protocol fault.
 * Reconnects 100 ms after its stream ends.
 */
export function startProofPlatform(address: string, credentials: ChannelCredentials, faults: ProtocolFaults): { close(): void } {
  const adjudicate = createSimulatedAdjudicator("32");
  const dialect = faults.replyDialect === undefined ? undefined : createDialectRegistry().get(faults.replyDialect);
  const client = createGrpcClient(ProvinceLink, address, { credentials });
  const replyOf = (adjudication: Adjudication, claim: Claim): { adjudication: Adjudication } | { payload: Uint8Array } => {
    if (dialect?.encodeAdjudication === undefined) return { adjudication };
    const payload = dialect.encodeAdjudication(adjudication, claim);
    if (faults.malformedGbkReplies === true) {
      const at = payload.findIndex((b, j) => b === ZHANG[0] && payload[j + 1] === ZHANG[1]);
      if (at >= 0) payload[at + 1] = 0xff;
    }
    return { payload };
  };
  let stream: ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const open = () => {
    const s = openBidi(client, ProvinceLink.method.connect);
    stream = s;
    s.write(create(ConnectRequestSchema, { msg: { case: "hello", value: { maxInFlight: 16, dialectPayloads: dialect !== undefined } } }));
    s.on("data", (r: ConnectResponse) => {
      if (r.msg.case === "claim" && r.msg.value.claim !== undefined) {
        const delivered = r.msg.value.claim;
        const deliveryId = r.msg.value.deliveryId;
        const claim = dialect === undefined || r.msg.value.payload.length === 0 ? delivered : { ...dialect.decodeClaim(r.msg.value.payload).claim, claimId: delivered.claimId };
        const reply = adjudicate(claim);
        const frame =
          "adjudication" in reply
            ? create(ConnectRequestSchema, { msg: { case: "adjudication", value: { deliveryId, ...replyOf(reply.adjudication, claim) } } })
            : create(ConnectRequestSchema, { msg: { case: "refusal", value: { deliveryId, refusal: { claimId: claim.claimId, ...reply.refusal } } } });
        const send = () => {
          if (stream === s) s.write(frame);
        };
        if (faults.answerDelayMs === undefined) send();
        else setTimeout(send, faults.answerDelayMs);
      } else if (r.msg.case === "result") {
        const cancelled = r.msg.value.result?.status === ClaimStatus.CANCELLED;
        if (faults.skipAcks === "all" || (faults.skipAcks === "cancelled" && cancelled)) return;
        s.write(create(ConnectRequestSchema, { msg: { case: "resultAck", value: { deliveryId: r.msg.value.deliveryId } } }));
      } else if (r.msg.case === "reversal") {
        if (faults.ignoreReversals === true) return;
        s.write(create(ConnectRequestSchema, { msg: { case: "reversalAnswer", value: { deliveryId: r.msg.value.deliveryId, accepted: true, reversalRef: `REV-${r.msg.value.settlement?.setlId ?? ""}` } } }));
      }
    });
    const ended = () => {
      if (stream !== s) return;
      stream = undefined;
      s.cancel();
      if (running) timer = setTimeout(open, 100);
    };
    s.on("error", ended);
    s.on("end", ended);
    s.on("close", ended);
  };
  open();
  return {
    close() {
      running = false;
      clearTimeout(timer);
      stream?.cancel();
      client.close();
    },
  };
}
