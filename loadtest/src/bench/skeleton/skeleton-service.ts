// gRPC of the pipeline skeleton: the gateway's unary settle call and the province link's bidi
// stream, both carrying raw bytes (as the echo reference does), so no schema work is measured.
import type { ServiceDefinition } from "@grpc/grpc-js";

const identity = (b: Buffer) => b;

export const SKELETON_SERVICE: ServiceDefinition = {
  settle: {
    path: "/tongxing.bench.Skeleton/Settle",
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
  link: {
    path: "/tongxing.bench.Skeleton/Link",
    requestStream: true,
    responseStream: true,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

/** Metadata key naming the calling platform, as the hub's. */
export const PLATFORM_METADATA = "x-tongxing-platform";
