import {
  credentials as grpcCredentials,
  makeGenericClientConstructor,
  Metadata,
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from "@grpc/grpc-js";
import { toBinary, type DescMessage, type DescMethod, type DescService, type MessageShape } from "@bufbuild/protobuf";
import { toGrpcServiceDefinition } from "./service-definition.js";

/** Options for a typed client of one service. */
export interface GrpcClientOptions {
  /** Defaults to insecure (loopback development). */
  readonly credentials?: ChannelCredentials;
  readonly channelOptions?: ChannelOptions;
}

/** Per-call options: metadata headers and a deadline. */
export interface UnaryCallOptions {
  readonly metadata?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Signs the call: given the RPC path and the request's encoding, returns metadata headers (a
   * platform's signature and key id); the request is then sent as exactly those bytes.
   */
  readonly sign?: (path: string, requestBytes: Uint8Array) => Record<string, string>;
}

/** A grpc-js client made from a protobuf-es service descriptor. */
export function createGrpcClient(service: DescService, address: string, options: GrpcClientOptions = {}): Client {
  const Ctor = makeGenericClientConstructor(toGrpcServiceDefinition(service), service.typeName);
  return new Ctor(address, options.credentials ?? grpcCredentials.createInsecure(), options.channelOptions);
}

function metadataOf(headers: Record<string, string> | undefined): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(headers ?? {})) md.set(k, v);
  return md;
}

function callOptionsOf(options: UnaryCallOptions): CallOptions {
  return options.timeoutMs === undefined ? {} : { deadline: Date.now() + options.timeoutMs };
}

type UnaryFn = (
  req: unknown,
  md: Metadata,
  opts: CallOptions,
  cb: (err: ServiceError | null, res?: unknown) => void,
) => { cancel(): void };

/** Calls a unary method and resolves with its response; rejects with the grpc-js ServiceError. */
export function callUnary<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: DescMethod & { input: I; output: O },
  request: MessageShape<I>,
  options: UnaryCallOptions = {},
): Promise<MessageShape<O>> {
  const fn = (client as unknown as Record<string, UnaryFn>)[method.localName];
  if (fn === undefined) throw new Error(`client has no method ${method.localName}`);
  let body: unknown = request;
  let headers = options.metadata;
  if (options.sign !== undefined) {
    const bytes = toBinary(method.input, request);
    headers = { ...headers, ...options.sign(`/${method.parent.typeName}/${method.name}`, bytes) };
    body = bytes;
  }
  return new Promise((resolve, reject) => {
    const call = fn.call(client, body, metadataOf(headers), callOptionsOf(options), (err, res) => {
      if (err !== null) reject(err);
      else resolve(res as MessageShape<O>);
    });
    options.signal?.addEventListener("abort", () => call.cancel(), { once: true });
  });
}

/** Opens a bidirectional stream. */
export function openBidi<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: DescMethod & { input: I; output: O },
  options: UnaryCallOptions = {},
): ClientDuplexStream<MessageShape<I>, MessageShape<O>> {
  const fn = (client as unknown as Record<string, (md: Metadata, opts: CallOptions) => unknown>)[method.localName];
  if (fn === undefined) throw new Error(`client has no method ${method.localName}`);
  return fn.call(client, metadataOf(options.metadata), callOptionsOf(options)) as ClientDuplexStream<
    MessageShape<I>,
    MessageShape<O>
  >;
}
