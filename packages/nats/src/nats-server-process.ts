import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";

/** Options for a local nats-server child process with JetStream. */
export interface NatsServerProcessOptions {
  /** Client port; 0 (default) lets the server pick a free one. */
  readonly port?: number;
  /** JetStream store directory (created if missing). */
  readonly storeDir: string;
  /** Host to listen on; loopback by default. */
  readonly host?: string;
  /** Path or name of the binary; default finds `nats-server` on PATH or in /usr/sbin. */
  readonly binary?: string;
  /** A configuration file (e.g. users and permissions) read before the flags. */
  readonly configFile?: string;
  /** How long to wait for the server to listen. */
  readonly startTimeoutMs?: number;
  /**
   * Run in its own process group, so a terminal's Ctrl-C reaches only the parent, which then
   * stops the server last, after the services have drained. Default false.
   */
  readonly ownProcessGroup?: boolean;
  /**
   * HTTP monitoring port on the same host (`/varz`, `/connz`), e.g. for counting the messages a
   * benchmark's claims cost; omitted, none is opened.
   */
  readonly monitorPort?: number;
}

/** A running nats-server child process. */
export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after graceMs). Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Kills the server at once (crash simulation). */
  kill(): void;
}

/** Raised when nats-server is not installed; says what to install. */
export class NatsServerMissingError extends Error {
  override readonly name = "NatsServerMissingError";
  constructor() {
    super(
      "nats-server is not installed. Install Debian's package (apt-get install nats-server, " +
        "JetStream-capable 2.9+) or set NATS_URL to an existing server.",
    );
  }
}

const SEARCH_PATHS = ["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];

/** Finds a nats-server binary, or undefined. */
export function findNatsServerBinary(): string | undefined {
  for (const candidate of SEARCH_PATHS) {
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

const LISTEN_LINE = /Listening for client connections on [^\s]+:(\d+)/;

/** Starts nats-server with JetStream and resolves once it accepts client connections. */
export function startNatsServer(options: NatsServerProcessOptions): Promise<NatsServerProcess> {
  const binary = options.binary ?? findNatsServerBinary();
  if (binary === undefined) return Promise.reject(new NatsServerMissingError());
  mkdirSync(options.storeDir, { recursive: true });
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const args = [...(options.configFile === undefined ? [] : ["-c", options.configFile]), "-js", "-a", host, "-p", port === 0 ? "-1" : String(port), "-sd", options.storeDir];
  if (options.monitorPort !== undefined) args.push("-m", String(options.monitorPort));
  return spawnNatsServer(binary, args, host, options.startTimeoutMs ?? 15_000, options.ownProcessGroup === true);
}

/**
 * Spawns nats-server with `args` and resolves once it accepts client connections (its "Listening
 * for client connections" line); shared by the single server and the cluster nodes.
 */
export function spawnNatsServer(binary: string, args: readonly string[], host: string, startTimeoutMs: number, ownProcessGroup: boolean): Promise<NatsServerProcess> {
  const child = spawn(binary, [...args], { stdio: ["ignore", "ignore", "pipe"], detached: ownProcessGroup });

  return new Promise((resolve, reject) => {
    let log = "";
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`nats-server did not start within ${startTimeoutMs} ms:\n${log}`)), startTimeoutMs);
    function fail(err: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    }
    child.once("error", (err) => fail(err));
    child.once("exit", (code) => fail(new Error(`nats-server exited with ${code} before listening:\n${log}`)));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      if (settled) return;
      log += chunk;
      const m = LISTEN_LINE.exec(log);
      if (m?.[1] === undefined) return;
      settled = true;
      clearTimeout(timer);
      child.stderr?.removeAllListeners("data");
      child.stderr?.resume();
      resolve(handleOf(child, host, Number(m[1])));
    });
  });
}

function handleOf(child: ChildProcess, host: string, port: number): NatsServerProcess {
  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once("exit", () => r());
  });
  return {
    url: `nats://${host}:${port}`,
    port,
    pid: child.pid ?? -1,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      timer.unref();
      await exited;
      clearTimeout(timer);
    },
    kill() {
      child.kill("SIGKILL");
    },
  };
}
