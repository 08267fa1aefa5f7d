import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";

const identity = (b: Buffer) => b;

/** A gRPC method that carries raw bytes both ways (no schema work), for the references. */
export function rawBytesMethod(path: string, streams: { request: boolean; response: boolean } = { request: false, response: false }): MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: streams.request,
    responseStream: streams.response,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

/** The reference service: one unary method that returns its request bytes. */
export const ECHO_SERVICE: ServiceDefinition = { echo: rawBytesMethod("/tongxing.bench.Echo/Echo") };
