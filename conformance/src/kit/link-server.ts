import { Server, type ServerDuplexStream } from "@grpc/grpc-js";
import { ProvinceLink, type ConnectRequest, type ConnectResponse } from "@tongxing/proto";
import { toGrpcServiceDefinition } from "@tongxing/proto/grpc";
import { FrameQueue } from "./frame-queue.js";
import { peerIdentityOf, serverCredentialsOf, type KitTls } from "./kit-credentials.js";
import { LinkConnection } from "./link-connection.js";
import { FrameDirection, type Transcript } from "./transcript.js";

/** Options for {@link startLinkServer}. */
export interface LinkServerOptions {
  readonly tls: KitTls;
  /** host:port to listen on; port 0 picks a free one. */
  readonly listen: string;
  readonly transcript: Transcript;
}

/** The kit's ProvinceLink endpoint: each platform stream becomes a {@link LinkConnection}. */
export interface LinkServer {
  /** host:port actually bound. */
  readonly address: string;
  /** The next stream the platform opens; FrameTimeoutError when none comes within `timeoutMs`. */
  nextConnection(timeoutMs: number): Promise<LinkConnection>;
  close(): Promise<void>;
}

/** Binds the kit's ProvinceLink service (mTLS unless the options say insecure). */
export async function startLinkServer(options: LinkServerOptions): Promise<LinkServer> {
  const connections = new FrameQueue<LinkConnection>();
  const open = new Set<LinkConnection>();
  const server = new Server({ "grpc.max_receive_message_length": 8 * 1024 * 1024 });
  server.addService(toGrpcServiceDefinition(ProvinceLink), {
    connect(call: ServerDuplexStream<ConnectRequest, ConnectResponse>) {
      const identity = peerIdentityOf(call.getAuthContext(), call.metadata, options.tls);
      options.transcript.add(FrameDirection.EVENT, "stream-opened", { peer: call.getPeer(), platform: identity.platform, ...(identity.problem === undefined ? {} : { problem: identity.problem }) });
      const conn = new LinkConnection(call, identity, options.transcript);
      open.add(conn);
      connections.push(conn);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, serverCredentialsOf(options.tls), (err, p) => (err === null ? resolve(p) : reject(err))),
  );
  const host = options.listen.slice(0, options.listen.lastIndexOf(":"));
  return {
    address: `${host}:${port}`,
    nextConnection: (timeoutMs) => connections.next(timeoutMs),
    async close() {
      for (const c of open) if (c.closed === undefined) c.cut("kit shutting down");
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2_000);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
