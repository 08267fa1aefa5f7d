import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";
import type { MetricsAddress } from "./metrics-address.js";

/** Options for {@link startMetricsServer}. */
export interface MetricsServerOptions {
  readonly address: MetricsAddress;
  readonly registry: Registry;
  /** /readyz answers 200 only while this is true (NATS connected; the translator: gRPC bound). */
  readonly isReady: () => boolean;
}

/** A service's operations endpoint: /metrics, /healthz, /readyz. */
export interface MetricsServer {
  /** http://host:port it is bound to. */
  readonly url: string;
  /** Stops listening and closes open (keep-alive) connections; idempotent. */
  close(): Promise<void>;
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

/**
 * Serves GET /metrics (Prometheus text format), /healthz (200 while the process serves at all)
 * and /readyz (200 when ready, else 503) with node:http.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...TEXT, allow: "GET, HEAD" }).end("method not allowed\n");
      return;
    }
    switch (path) {
      case "/metrics":
        registry.metrics().then(
          (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
          (err: unknown) => res.writeHead(500, TEXT).end(`metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`),
        );
        return;
      case "/healthz":
        res.writeHead(200, TEXT).end("ok\n");
        return;
      case "/readyz": {
        const ready = options.isReady();
        res.writeHead(ready ? 200 : 503, TEXT).end(ready ? "ready\n" : "not ready\n");
        return;
      }
      default:
        res.writeHead(404, TEXT).end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.address.port, options.address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound !== null ? bound.port : options.address.port;
  const host = options.address.host.includes(":") ? `[${options.address.host}]` : options.address.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
