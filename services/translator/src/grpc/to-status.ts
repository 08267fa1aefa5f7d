import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { isInvalidInputError } from "@tongxing/domain";
import { invalidArgumentError } from "@tongxing/proto/grpc";
import type { Logger } from "@tongxing/telemetry";
import { HubError } from "./hub-error.js";

/**
 * The one place an error becomes a gRPC status: field problems → INVALID_ARGUMENT with
 * google.rpc.BadRequest details; HubError → its code; anything else → INTERNAL with a generic
 * message (the original is logged, never shown).
 */
export function toStatus(err: unknown, log: Logger): Partial<ServiceError> {
  if (isInvalidInputError(err)) return invalidArgumentError(err.message, err.violations);
  if (err instanceof HubError) return { code: err.code, details: err.message };
  log.error({ err }, "internal error");
  return { code: GrpcStatus.INTERNAL, details: "internal error; the hub logged the cause" };
}
