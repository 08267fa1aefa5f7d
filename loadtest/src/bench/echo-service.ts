import type { ServiceDefinition } from "@grpc/grpc-js";

const identity = (b: Buffer) => b;

/** The reference service: one unary method that returns its request bytes (no schema work). */
export const ECHO_SERVICE: ServiceDefinition = {
  echo: {
    path: "/tongxing.bench.Echo/Echo",
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};
