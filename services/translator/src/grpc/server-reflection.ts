// gRPC server reflection (grpc.reflection.v1 and v1alpha) served from the protobuf-es file
// descriptors the hub is generated with: each answer carries FileDescriptorProto bytes encoded by
// protobuf-es, so no second schema runtime (proto-loader/protobufjs) is loaded to describe the API.
// https://github.com/grpc/grpc/blob/master/doc/server-reflection.md
import { create, createRegistry, fromBinary, toBinary, type DescFile, type DescMessage, type Registry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { status as GrpcStatus, type Server, type ServerDuplexStream } from "@grpc/grpc-js";
import { encodedMessage, toGrpcServiceDefinition } from "@tongxing/proto/grpc";
import {
  ServerReflection as ServerReflectionV1,
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "./gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1alpha, ServerReflectionRequestSchema as V1alphaRequestSchema } from "./gen/grpc/reflection/v1alpha/reflection_pb.js";

/** What reflection answers with: the services to list and the files (with their imports) describing them. */
export interface ServerReflectionOptions {
  readonly files: readonly DescFile[];
  /** Full names of the services to list, e.g. "tongxing.v1.ClaimGateway". */
  readonly services: readonly string[];
}

/** Every file and, depth first, the files it imports, each once. */
function withDependencies(files: readonly DescFile[]): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (f: DescFile): void => {
    if (seen.has(f.proto.name)) return;
    seen.set(f.proto.name, f);
    for (const d of f.dependencies) visit(d);
  };
  for (const f of files) visit(f);
  return [...seen.values()];
}

function fileBytes(file: DescFile): Uint8Array {
  return toBinary(FileDescriptorProtoSchema, file.proto);
}

/** The descriptors reflection looks things up in: by type name, and files by name. */
export interface ReflectionIndex {
  readonly registry: Registry;
  readonly files: ReadonlyMap<string, DescFile>;
}

export function createReflectionIndex(files: readonly DescFile[]): ReflectionIndex {
  const all = withDependencies(files);
  // DescFile.name drops ".proto"; reflection clients ask by the full path, as in FileDescriptorProto.name
  return { registry: createRegistry(...all), files: new Map(all.map((f) => [f.proto.name, f])) };
}

/** The file declaring a symbol: a message, enum, service, method ("Service.Method") or extension. */
function fileOfSymbol(registry: Registry, symbol: string): DescFile | undefined {
  const desc = registry.get(symbol);
  if (desc !== undefined) return desc.file;
  const dot = symbol.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const service = registry.getService(symbol.slice(0, dot));
  return service?.methods.some((m) => m.name === symbol.slice(dot + 1)) === true ? service.file : undefined;
}

/** Answers one reflection request (request and response are the same message in v1 and v1alpha). */
export function answerReflection(index: ReflectionIndex, services: readonly string[], request: ServerReflectionRequest): ServerReflectionResponse {
  const { registry } = index;
  const base = { validHost: request.host, originalRequest: request };
  const files = (f: DescFile | undefined, what: string): ServerReflectionResponse =>
    f === undefined
      ? create(ServerReflectionResponseSchema, { ...base, messageResponse: { case: "errorResponse", value: { errorCode: GrpcStatus.NOT_FOUND, errorMessage: `${what} not found` } } })
      : create(ServerReflectionResponseSchema, { ...base, messageResponse: { case: "fileDescriptorResponse", value: { fileDescriptorProto: withDependencies([f]).map(fileBytes) } } });
  const r = request.messageRequest;
  switch (r.case) {
    case "listServices":
      return create(ServerReflectionResponseSchema, { ...base, messageResponse: { case: "listServicesResponse", value: { service: services.map((name) => ({ name })) } } });
    case "fileByFilename":
      return files(index.files.get(r.value), `file ${r.value}`);
    case "fileContainingSymbol":
      return files(fileOfSymbol(registry, r.value), `symbol ${r.value}`);
    case "fileContainingExtension": {
      const message = registry.getMessage(r.value.containingType);
      const ext = message === undefined ? undefined : registry.getExtensionFor(message, r.value.extensionNumber);
      return files(ext?.file, `extension ${r.value.extensionNumber} of ${r.value.containingType}`);
    }
    case "allExtensionNumbersOfType": {
      const message = registry.getMessage(r.value);
      if (message === undefined) return files(undefined, `type ${r.value}`);
      const numbers = [...registry].filter((d) => d.kind === "extension" && d.extendee.typeName === r.value).map((d) => (d.kind === "extension" ? d.number : 0));
      return create(ServerReflectionResponseSchema, { ...base, messageResponse: { case: "allExtensionNumbersResponse", value: { baseTypeName: r.value, extensionNumber: numbers } } });
    }
    case undefined:
      return create(ServerReflectionResponseSchema, { ...base, messageResponse: { case: "errorResponse", value: { errorCode: GrpcStatus.INVALID_ARGUMENT, errorMessage: "empty reflection request" } } });
    default: {
      const never: never = r;
      throw new Error(`unhandled reflection request ${String(never)}`);
    }
  }
}

/** Adds grpc.reflection.v1 and grpc.reflection.v1alpha ServerReflection to a grpc-js server. */
export function addServerReflection(server: Server, options: ServerReflectionOptions): void {
  const index = createReflectionIndex(options.files);
  // v1alpha's messages are v1's under another package: same fields, same wire. A v1alpha request
  // is read as v1, answered as v1, and the answer's bytes go out as they are.
  const handlerFor = (requestSchema: DescMessage) => (call: ServerDuplexStream<{ $typeName: string }, ServerReflectionResponse>): void => {
    call.on("data", (message: { $typeName: string }) => {
      const request = requestSchema === ServerReflectionRequestSchema ? (message as ServerReflectionRequest) : fromBinary(ServerReflectionRequestSchema, toBinary(requestSchema, message as never));
      call.write(encodedMessage(toBinary(ServerReflectionResponseSchema, answerReflection(index, options.services, request))));
    });
    call.on("end", () => call.end());
    call.on("error", () => call.end());
  };
  server.addService(toGrpcServiceDefinition(ServerReflectionV1), { serverReflectionInfo: handlerFor(ServerReflectionRequestSchema) });
  server.addService(toGrpcServiceDefinition(ServerReflectionV1alpha), { serverReflectionInfo: handlerFor(V1alphaRequestSchema) });
}
