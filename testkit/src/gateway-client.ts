import { create } from "@bufbuild/protobuf";
import type { Client } from "@grpc/grpc-js";
import {
  ClaimGateway,
  GetClaimRequestSchema,
  PreSettleClaimRequestSchema,
  type PreSettleClaimResponse,
  SettleClaimRequestSchema,
  SubmitClaimRequestSchema,
  type GetClaimResponse,
  type SettleClaimResponse,
  type SubmitClaimResponse,
} from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { platformCredentials, platformMetadata } from "./hub-credentials.js";

/**
 * A ClaimGateway client speaking as one platform: with that platform's client certificate when
 * `address` is a test hub speaking mTLS (the default), else with the x-tongxing-platform header.
 */
export interface GatewayClient {
  submit(payload: Uint8Array, options?: { dialect?: string; idempotencyKey?: string }): Promise<SubmitClaimResponse>;
  settle(payload: Uint8Array, options?: { dialect?: string; idempotencyKey?: string; timeoutMs?: number }): Promise<SettleClaimResponse>;
  get(claimId: string): Promise<GetClaimResponse>;
  /** ClaimGateway.PreSettleClaim: what would be paid (2206 / 2303 / 2101), nothing booked. */
  preSettle(payload: Uint8Array, options?: { dialect?: string; timeoutMs?: number }): Promise<PreSettleClaimResponse>;
  close(): void;
}

export function createGatewayClient(
  address: string,
  platform: string,
  client: Client = createGrpcClient(ClaimGateway, address, { credentials: platformCredentials(address, platform) }),
): GatewayClient {
  const metadata = platformMetadata(address, platform);
  return {
    submit: (payload, o = {}) =>
      callUnary(client, ClaimGateway.method.submitClaim, create(SubmitClaimRequestSchema, { dialect: o.dialect ?? "nhsa-json", payload, idempotencyKey: o.idempotencyKey ?? "" }), {
        metadata,
        timeoutMs: 10_000,
      }),
    settle: (payload, o = {}) =>
      callUnary(client, ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: o.dialect ?? "nhsa-json", payload, idempotencyKey: o.idempotencyKey ?? "" }), {
        metadata,
        timeoutMs: o.timeoutMs ?? 20_000,
      }),
    preSettle: (payload, o = {}) =>
      callUnary(client, ClaimGateway.method.preSettleClaim, create(PreSettleClaimRequestSchema, { dialect: o.dialect ?? "nhsa-json", payload }), {
        metadata,
        timeoutMs: o.timeoutMs ?? 20_000,
      }),
    get: (claimId) => callUnary(client, ClaimGateway.method.getClaim, create(GetClaimRequestSchema, { claimId }), { metadata, timeoutMs: 10_000 }),
    close: () => client.close(),
  };
}
