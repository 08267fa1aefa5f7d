import type { ServiceDefinition } from "@grpc/grpc-js";
import { fromBinary, toBinary, type DescMessage, type DescService } from "@bufbuild/protobuf";

/**
 * Builds a grpc-js service definition from a protobuf-es service descriptor, so the server and
 * clients serialize with the generated code (the same schema the rest of the hub uses) instead
 * of a second runtime loader.
 */
export function toGrpcServiceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, ServiceDefinition[string]> = {};
  for (const method of service.methods) {
    definition[method.localName] = {
      path: `/${service.typeName}/${method.name}`,
      originalName: method.name,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializerFor(method.input),
      requestDeserialize: deserializerFor(method.input),
      responseSerialize: serializerFor(method.output),
      responseDeserialize: deserializerFor(method.output),
    };
  }
  return definition;
}

/**
 * A message already encoded, to hand to a call's `write` or callback where a message is expected:
 * the serializers of {@link toGrpcServiceDefinition} send bytes as they are. For a hop that
 * splices a large part (a claim) in as the bytes it received instead of encoding it again.
 */
export function encodedMessage<T>(bytes: Uint8Array): T {
  return bytes as unknown as T;
}

function serializerFor(schema: DescMessage): (value: unknown) => Buffer {
  return (value) => {
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const bytes = toBinary(schema, value as never);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

/** Each received request message → the bytes it was decoded from (see {@link receivedBytesOf}). */
const received = new WeakMap<object, Uint8Array>();

/**
 * The exact bytes a request message arrived as, for a server interceptor that checks a signature
 * over them (re-encoding could differ from what the caller signed). Undefined for a message not
 * decoded by a definition of {@link toGrpcServiceDefinition}.
 */
export function receivedBytesOf(message: unknown): Uint8Array | undefined {
  return typeof message === "object" && message !== null ? received.get(message) : undefined;
}

function deserializerFor(schema: DescMessage): (bytes: Buffer) => never {
  return (bytes) => {
    const message = fromBinary(schema, bytes);
    received.set(message, bytes);
    return message as never;
  };
}
