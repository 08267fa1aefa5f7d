import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findNatsServerBinary, NatsServerMissingError, startNatsServer, type NatsServerProcess } from "@tongxing/nats";

/** Options for {@link bootstrapNats}. */
export interface BootstrapNatsOptions {
  readonly storeDir: string;
  /** Preferred client port; if taken, a free one is used. Default 4222. */
  readonly port?: number;
  /** Progress lines for the person at the terminal. */
  readonly say: (line: string) => void;
  /** HTTP monitoring port (`/varz`), for benchmarks that count nats-server's messages; default none. */
  readonly monitorPort?: number;
  /** nats-server configuration with users and permissions (renderNatsAuthorization); written beside the store. */
  readonly authorization?: string;
}

/**
 * Makes sure a JetStream-capable nats-server is installed (Debian's package, installed with
 * apt-get when running as root and it is missing) and starts it with its store in storeDir.
 */
export async function bootstrapNats(options: BootstrapNatsOptions): Promise<NatsServerProcess> {
  if (findNatsServerBinary() === undefined) installNatsServer(options.say);
  const port = options.port ?? 4222;
  let configFile: string | undefined;
  if (options.authorization !== undefined) {
    mkdirSync(options.storeDir, { recursive: true });
    configFile = join(options.storeDir, "users.conf");
    writeFileSync(configFile, options.authorization, { mode: 0o600 });
  }
  const config = { ...(configFile === undefined ? {} : { configFile }), ...(options.monitorPort === undefined ? {} : { monitorPort: options.monitorPort }) };
  try {
    return await startNatsServer({ storeDir: options.storeDir, port, ownProcessGroup: true, ...config });
  } catch (err) {
    if (err instanceof NatsServerMissingError) throw err;
    options.say(`port ${port} is not available for nats-server (${firstLine(err)}); using a free port instead`);
    return startNatsServer({ storeDir: options.storeDir, port: 0, ownProcessGroup: true, ...config });
  }
}

function installNatsServer(say: (line: string) => void): void {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      "nats-server is not installed and cannot be installed automatically here " +
        `(${isRoot ? "no apt-get" : "not root"}). Install it with: sudo apt-get install nats-server ` +
        "(or any nats-server 2.9+ binary on PATH), or set NATS_URL to a running server.",
    );
  }
  say("nats-server is missing; installing Debian's package (apt-get install nats-server) ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "nats-server"], { stdio: "inherit", env });
  if (update.status !== 0 || install.status !== 0 || findNatsServerBinary() === undefined) {
    throw new Error("installing nats-server with apt-get failed; install it by hand (apt-get install nats-server) or set NATS_URL");
  }
  say("nats-server installed");
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}
