import { create, toJson } from "@bufbuild/protobuf";
import { Server, status as GrpcStatus, type sendUnaryData, type ServerUnaryCall, type ServiceError } from "@grpc/grpc-js";
import {
  ClaimGateway,
  SettleClaimRequestSchema,
  SettleClaimResponseSchema,
  SubmitClaimRequestSchema,
  SubmitClaimResponseSchema,
  type SettleClaimRequest,
  type SettleClaimResponse,
  type SubmitClaimRequest,
  type SubmitClaimResponse,
} from "@tongxing/proto";
import { toGrpcServiceDefinition } from "@tongxing/proto/grpc";
import { FrameQueue } from "./frame-queue.js";
import { peerIdentityOf, serverCredentialsOf, type KitTls, type PeerIdentity } from "./kit-credentials.js";
import { FrameDirection, type Transcript } from "./transcript.js";

/** One SubmitClaim or SettleClaim call waiting for the kit's answer. */
export interface GatewayCall {
  readonly method: "SettleClaim" | "SubmitClaim";
  readonly request: SettleClaimRequest | SubmitClaimRequest;
  readonly identity: PeerIdentity;
  /** Answers with a settle response (SubmitClaim gets its claim id, status and duplicate flag). */
  respond(response: SettleClaimResponse): void;
  /** Answers with a gRPC error status. */
  fail(error: Partial<ServiceError> & { code: GrpcStatus }): void;
}

/** The kit's ClaimGateway endpoint; calls queue until a case answers them. */
export interface GatewayServer {
  readonly address: string;
  nextCall(timeoutMs: number): Promise<GatewayCall>;
  close(): Promise<void>;
}

/** Binds the kit's ClaimGateway (mTLS unless insecure); GetClaim and CancelSettlement are not exercised. */
export async function startGatewayServer(tls: KitTls, listen: string, transcript: Transcript): Promise<GatewayServer> {
  const calls = new FrameQueue<GatewayCall>();
  const pending = new Set<GatewayCall>();
  const server = new Server();
  const enqueue = (method: GatewayCall["method"]) => (call: ServerUnaryCall<SettleClaimRequest, unknown>, callback: sendUnaryData<unknown>) => {
    const identity = peerIdentityOf(call.getAuthContext(), call.metadata, tls);
    const schema = method === "SettleClaim" ? SettleClaimRequestSchema : SubmitClaimRequestSchema;
    transcript.add(FrameDirection.PLATFORM_TO_KIT, method, { platform: identity.platform, request: toJson(schema, call.request) });
    let answered = false;
    const gc: GatewayCall = {
      method,
      request: call.request,
      identity,
      respond(response) {
        if (answered) return;
        answered = true;
        pending.delete(gc);
        if (method === "SettleClaim") {
          transcript.add(FrameDirection.KIT_TO_PLATFORM, "SettleClaimResponse", toJson(SettleClaimResponseSchema, response));
          callback(null, response);
        } else {
          const submit: SubmitClaimResponse = create(SubmitClaimResponseSchema, { claimId: response.claimId, status: response.status, duplicate: response.duplicate });
          transcript.add(FrameDirection.KIT_TO_PLATFORM, "SubmitClaimResponse", toJson(SubmitClaimResponseSchema, submit));
          callback(null, submit);
        }
      },
      fail(error) {
        if (answered) return;
        answered = true;
        pending.delete(gc);
        transcript.add(FrameDirection.KIT_TO_PLATFORM, "status", { code: GrpcStatus[error.code], details: error.details ?? "" });
        callback(error);
      },
    };
    pending.add(gc);
    calls.push(gc);
  };
  const notExercised = (name: string) => (_call: unknown, callback: sendUnaryData<unknown>) => {
    transcript.add(FrameDirection.PLATFORM_TO_KIT, name, {});
    callback({ code: GrpcStatus.UNIMPLEMENTED, details: `${name} is not exercised by the conformance kit` });
  };
  server.addService(toGrpcServiceDefinition(ClaimGateway), {
    settleClaim: enqueue("SettleClaim"),
    submitClaim: enqueue("SubmitClaim"),
    getClaim: notExercised("GetClaim"),
    cancelSettlement: notExercised("CancelSettlement"),
    preSettleClaim: notExercised("PreSettleClaim"),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, serverCredentialsOf(tls), (err, p) => (err === null ? resolve(p) : reject(err))),
  );
  return {
    address: `${listen.slice(0, listen.lastIndexOf(":"))}:${port}`,
    nextCall: (timeoutMs) => calls.next(timeoutMs),
    async close() {
      for (const c of [...pending]) c.fail({ code: GrpcStatus.UNAVAILABLE, details: "conformance run finished" });
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2_000);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
