import { Metadata, status as GrpcStatus } from "@grpc/grpc-js";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { RetryInfoSchema, StatusSchema } from "../gen/mod.js";
import { RETRY_PUSHBACK_KEY, STATUS_DETAILS_KEY } from "./status-details.js";

/**
 * Trailers of a RESOURCE_EXHAUSTED answer (the hub's per-platform limits): google.rpc.Status with
 * a google.rpc.RetryInfo detail (when to try again), and grpc-retry-pushback-ms for clients that
 * read that instead. `retryDelayMsOf` reads it back.
 */
export function resourceExhaustedMetadata(message: string, retryDelayMs: number): Metadata {
  const delayMs = Math.max(1, Math.ceil(retryDelayMs));
  const retryInfo = create(RetryInfoSchema, { retryDelay: { seconds: BigInt(Math.floor(delayMs / 1000)), nanos: (delayMs % 1000) * 1_000_000 } });
  const details = create(StatusSchema, { code: GrpcStatus.RESOURCE_EXHAUSTED, message, details: [anyPack(RetryInfoSchema, retryInfo)] });
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, details)));
  metadata.set(RETRY_PUSHBACK_KEY, String(delayMs));
  return metadata;
}
