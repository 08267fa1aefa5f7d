import { readFileSync } from "node:fs";
import { create, toBinary } from "@bufbuild/protobuf";
import { createPlatformSigner, KEY_ID_HEADER, SIGNATURE_HEADER } from "@tongxing/pki";
import { ClaimGateway, SettleClaimRequestSchema, SubmitClaimRequestSchema } from "@tongxing/proto";

/** What `tongxing-conformance sign` signs: a SubmitClaim or SettleClaim request as a platform sends it. */
export interface SignRequestInput {
  readonly platform: string;
  readonly keyId: string;
  readonly privateKeyPath: string;
  readonly rpc: "SubmitClaim" | "SettleClaim";
  readonly dialect: string;
  readonly idempotencyKey: string;
  readonly payloadPath: string;
}

/**
 * The metadata a platform whose routing entry requires signatures sends with the request: the
 * SM2/SM3 signature over the request's protobuf encoding (dialect = 1, payload = 2,
 * idempotency_key = 3, in that order, empty fields left out — what grpcurl and every protobuf
 * library send for it) under the RPC path and platform id; docs/security.md#signatures.
 */
export function signRequest(input: SignRequestInput): { readonly headers: Record<string, string>; readonly requestBytes: Uint8Array } {
  const signer = createPlatformSigner(input.platform, input.keyId, readFileSync(input.privateKeyPath, "utf8"));
  const init = { dialect: input.dialect, payload: new Uint8Array(readFileSync(input.payloadPath)), idempotencyKey: input.idempotencyKey };
  const requestBytes = input.rpc === "SubmitClaim" ? toBinary(SubmitClaimRequestSchema, create(SubmitClaimRequestSchema, init)) : toBinary(SettleClaimRequestSchema, create(SettleClaimRequestSchema, init));
  const method = input.rpc === "SubmitClaim" ? ClaimGateway.method.submitClaim : ClaimGateway.method.settleClaim;
  const headers = signer.callHeaders(`/${ClaimGateway.typeName}/${method.name}`, requestBytes);
  return { headers: { [KEY_ID_HEADER]: headers[KEY_ID_HEADER] as string, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER] as string }, requestBytes };
}
