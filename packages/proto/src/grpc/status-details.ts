import { Metadata, status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, anyUnpack, DurationSchema } from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, RetryInfoSchema, StatusSchema, type BadRequest } from "../gen/mod.js";

/** Trailer that carries a serialized google.rpc.Status, as every gRPC implementation reads it. */
export const STATUS_DETAILS_KEY = "grpc-status-details-bin";

/** A field and what is wrong with it (google.rpc.BadRequest.FieldViolation). */
export interface GrpcFieldViolation {
  readonly field: string;
  readonly description: string;
}

/**
 * Builds an INVALID_ARGUMENT error whose trailers carry google.rpc.Status with a
 * google.rpc.BadRequest detail listing every field violation.
 */
export function invalidArgumentError(
  message: string,
  violations: readonly GrpcFieldViolation[],
): Partial<ServiceError> {
  const badRequest = create(BadRequestSchema, {
    fieldViolations: violations.map((v) => ({ field: v.field, description: v.description })),
  });
  const details = create(StatusSchema, {
    code: GrpcStatus.INVALID_ARGUMENT,
    message,
    details: [anyPack(BadRequestSchema, badRequest)],
  });
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, details)));
  return { code: GrpcStatus.INVALID_ARGUMENT, details: message, metadata };
}

/** Reads the google.rpc.BadRequest detail from an error's trailers, if it has one. */
export function badRequestOf(err: { metadata?: Metadata }): BadRequest | undefined {
  const raw = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (raw === undefined || typeof raw === "string") return undefined;
  const status = fromBinary(StatusSchema, raw);
  for (const detail of status.details) {
    const unpacked = anyUnpack(detail, BadRequestSchema);
    if (unpacked !== undefined) return unpacked;
  }
  return undefined;
}

/** Trailer gRPC clients read as "retry after this many ms" (gRFC A6 retry pushback). */
export const RETRY_PUSHBACK_KEY = "grpc-retry-pushback-ms";

/**
 * Builds an UNAVAILABLE error with a retry hint in both forms clients read: google.rpc.RetryInfo
 * in the status details and the `grpc-retry-pushback-ms` trailer.
 */
export function unavailableError(message: string, retryDelayMs: number): Partial<ServiceError> {
  const ms = Math.max(0, Math.round(retryDelayMs));
  const retryInfo = create(RetryInfoSchema, {
    retryDelay: create(DurationSchema, { seconds: BigInt(Math.floor(ms / 1_000)), nanos: (ms % 1_000) * 1_000_000 }),
  });
  const details = create(StatusSchema, { code: GrpcStatus.UNAVAILABLE, message, details: [anyPack(RetryInfoSchema, retryInfo)] });
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, details)));
  metadata.set(RETRY_PUSHBACK_KEY, String(ms));
  return { code: GrpcStatus.UNAVAILABLE, details: message, metadata };
}

/** The retry delay (ms) an error's google.rpc.RetryInfo detail asks for, if it has one. */
export function retryDelayMsOf(err: { metadata?: Metadata }): number | undefined {
  const raw = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (raw === undefined || typeof raw === "string") return undefined;
  for (const detail of fromBinary(StatusSchema, raw).details) {
    const info = anyUnpack(detail, RetryInfoSchema);
    if (info?.retryDelay !== undefined) return Number(info.retryDelay.seconds) * 1_000 + Math.round(info.retryDelay.nanos / 1_000_000);
  }
  return undefined;
}
