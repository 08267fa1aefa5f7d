// gRPC of the pipeline skeleton: the gateway's unary settle call and the province link's bidi
// stream, both carrying raw bytes (as the echo reference does), so no schema work is measured.
import type { ServiceDefinition } from "@grpc/grpc-js";
import { rawBytesMethod } from "../echo-service.js";

export const SKELETON_SERVICE: ServiceDefinition = {
  settle: rawBytesMethod("/tongxing.bench.Skeleton/Settle"),
  link: rawBytesMethod("/tongxing.bench.Skeleton/Link", { request: true, response: true }),
};

/** Metadata key naming the calling platform, as the hub's. */
export const PLATFORM_METADATA = "x-tongxing-platform";
