import { create } from "@bufbuild/protobuf";
import type { ChannelCredentials, ClientDuplexStream } from "@grpc/grpc-js";
import { createSimulatedAdjudicator } from "@tongxing/loadtest";
import { ClaimStatus, ConnectRequestSchema, ProvinceLink, type ConnectRequest, type ConnectResponse } from "@tongxing/proto";
import { createGrpcClient, openBidi } from "@tongxing/proto/grpc";

/** Protocol faults the loadtest simulator cannot show (it answers at once and acks everything). */
export interface ProtocolFaults {
  /** Acknowledge no result at all (missing ack), or none of status CANCELLED (ignoring a cancel). */
  readonly skipAcks?: "all" | "cancelled";
  /** Wait this long before answering each claim (too slow). */
  readonly answerDelayMs?: number;
}

/**
 * A platform for the kit's proof tests: the loadtest simulator's adjudication (policy table,
 * one answer per claim id) behind a ProvinceLink client with one planted protocol fault.
 * Reconnects 100 ms after its stream ends.
 */
export function startProofPlatform(address: string, credentials: ChannelCredentials, faults: ProtocolFaults): { close(): void } {
  const adjudicate = createSimulatedAdjudicator("32");
  const client = createGrpcClient(ProvinceLink, address, { credentials });
  let stream: ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const open = () => {
    const s = openBidi(client, ProvinceLink.method.connect);
    stream = s;
    s.write(create(ConnectRequestSchema, { msg: { case: "hello", value: { maxInFlight: 16 } } }));
    s.on("data", (r: ConnectResponse) => {
      if (r.msg.case === "claim" && r.msg.value.claim !== undefined) {
        const claim = r.msg.value.claim;
        const deliveryId = r.msg.value.deliveryId;
        const reply = adjudicate(claim);
        const frame =
          "adjudication" in reply
            ? create(ConnectRequestSchema, { msg: { case: "adjudication", value: { deliveryId, adjudication: reply.adjudication } } })
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
