import { Metadata, status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, anyUnpack } from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, StatusSchema, type BadRequest } from "../gen/mod.js";

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
