import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNatsServer } from "@tongxing/nats";

/** A NATS server with JetStream for one test file. */
export interface TestNats {
  readonly url: string;
  /** How it runs: a spawned nats-server, or a container through @testcontainers/nats. */
  readonly mode: "process" | "testcontainers";
  /** The server's JetStream store directory (a spawned server only): its files, as on disk. */
  readonly storeDir?: string;
  /** Stops the server and removes its store. */
  stop(): Promise<void>;
}

/** Options for {@link startTestNats}. */
export interface TestNatsOptions {
  /** nats-server configuration text with users and permissions (see renderNatsAuthorization). */
  readonly authorization?: string;
}

/** Environment variable that opts into testcontainers' NATS module (needs a Docker engine). */
export const TEST_NATS_MODE_VAR = "TONGXING_TEST_NATS";

/** The image the container mode runs: the nats-server line the hub supports (2.9). */
export const TEST_NATS_IMAGE = "nats:2.9.10";

let skipNoticeShown = false;

/**
 * Starts a fresh nats-server (JetStream on) on a free loopback port with a throwaway store.
 * Default: a spawned `nats-server` process. With TONGXING_TEST_NATS=testcontainers, a NATS
 * container through @testcontainers/nats instead, where a Docker engine answers; where none does,
 * it says why on stderr (once per process) and spawns nats-server as usual.
 */
export async function startTestNats(options: TestNatsOptions = {}): Promise<TestNats> {
  // The container path does not apply an authorization block: with one, the spawned server serves.
  if (process.env[TEST_NATS_MODE_VAR] === "testcontainers" && options.authorization === undefined) {
    const reason = await containerNatsUnavailableReason();
    if (reason === undefined) return startContainerNats();
    if (!skipNoticeShown) {
      skipNoticeShown = true;
      process.stderr.write(`${TEST_NATS_MODE_VAR}=testcontainers skipped: ${reason}; using a spawned nats-server instead
`);
    }
  }
  const storeDir = mkdtempSync(join(tmpdir(), "tongxing-nats-"));
  let configFile: string | undefined;
  if (options.authorization !== undefined) {
    configFile = join(storeDir, "auth.conf");
    writeFileSync(configFile, options.authorization, { mode: 0o600 });
  }
  const server = await startNatsServer({ storeDir, ...(configFile === undefined ? {} : { configFile }) });
  return {
    url: server.url,
    mode: "process",
    storeDir,
    async stop() {
      await server.stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/**
 * Why the container mode cannot run here (no Docker engine answers, with testcontainers' own
 * words and where it looked), or undefined when it can.
 */
export async function containerNatsUnavailableReason(): Promise<string | undefined> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    const where = process.env.DOCKER_HOST === undefined ? "the default Docker socket (set DOCKER_HOST to use another engine)" : `DOCKER_HOST=${process.env.DOCKER_HOST}`;
    return `no Docker engine answers at ${where}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function startContainerNats(): Promise<TestNats> {
  const { NatsContainer } = await import("@testcontainers/nats");
  // The module always passes --user/--pass (test/test), while the hub's services connect with
  // NATS_URL alone: the entrypoint ends nats-server's flags with "--", so those two are ignored.
  const container = await new NatsContainer(TEST_NATS_IMAGE).withEntrypoint(["/nats-server", "--jetstream", "--"]).start();
  return {
    url: `nats://${container.getHost()}:${container.getMappedPort(4222)}`,
    mode: "testcontainers",
    async stop() {
      await container.stop();
    },
  };
}
