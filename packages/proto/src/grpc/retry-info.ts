import { Metadata, status as GrpcStatus } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, anyUnpack } from "@bufbuild/protobuf/wkt";
import { RetryInfoSchema, StatusSchema } from "../gen/mod.js";
import { STATUS_DETAILS_KEY } from "./status-details.js";

/**
 * Trailers of a RESOURCE_EXHAUSTED answer: google.rpc.Status with a google.rpc.RetryInfo detail
 * (when to try again), and grpc-retry-pushback-ms for clients that read that instead.
 */
export function resourceExhaustedMetadata(message: string, retryDelayMs: number): Metadata {
  const delayMs = Math.max(1, Math.ceil(retryDelayMs));
  const retryInfo = create(RetryInfoSchema, { retryDelay: { seconds: BigInt(Math.floor(delayMs / 1000)), nanos: (delayMs % 1000) * 1_000_000 } });
  const details = create(StatusSchema, { code: GrpcStatus.RESOURCE_EXHAUSTED, message, details: [anyPack(RetryInfoSchema, retryInfo)] });
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, details)));
  metadata.set("grpc-retry-pushback-ms", String(delayMs));
  return metadata;
}

/** The retry delay (ms) of an error's google.rpc.RetryInfo detail, if it has one. */
export function retryDelayMsOf(err: { metadata?: Metadata }): number | undefined {
  const raw = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (raw === undefined || typeof raw === "string") return undefined;
  for (const detail of fromBinary(StatusSchema, raw).details) {
    const info = anyUnpack(detail, RetryInfoSchema);
    if (info?.retryDelay !== undefined) return Number(info.retryDelay.seconds) * 1000 + Math.floor(info.retryDelay.nanos / 1_000_000);
  }
  return undefined;
}
