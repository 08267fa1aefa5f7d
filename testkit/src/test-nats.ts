import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNatsServer } from "@tongxing/nats";

/** A NATS server with JetStream for one test file. */
export interface TestNats {
  readonly url: string;
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

/**
 * Starts a fresh nats-server (JetStream on) on a free loopback port with a throwaway store.
 * Default: a spawned `nats-server` process. With TONGXING_TEST_NATS=testcontainers, a NATS
 * container through @testcontainers/nats instead (where a Docker engine runs).
 */
export async function startTestNats(options: TestNatsOptions = {}): Promise<TestNats> {
  if (process.env[TEST_NATS_MODE_VAR] === "testcontainers") return startContainerNats();
  const storeDir = mkdtempSync(join(tmpdir(), "tongxing-nats-"));
  let configFile: string | undefined;
  if (options.authorization !== undefined) {
    configFile = join(storeDir, "auth.conf");
    writeFileSync(configFile, options.authorization, { mode: 0o600 });
  }
  const server = await startNatsServer({ storeDir, ...(configFile === undefined ? {} : { configFile }) });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

interface StartedContainer {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}

async function startContainerNats(): Promise<TestNats> {
  const moduleName = "@testcontainers/nats";
  let mod: { NatsContainer: new (image: string) => { withJetStream(): { start(): Promise<StartedContainer> } } };
  try {
    mod = (await import(moduleName)) as typeof mod;
  } catch (err) {
    throw new Error(`${TEST_NATS_MODE_VAR}=testcontainers needs the package ${moduleName}: npm i -D ${moduleName}`, { cause: err });
  }
  const container = await new mod.NatsContainer("nats:2.9").withJetStream().start();
  return {
    url: `nats://${container.getHost()}:${container.getMappedPort(4222)}`,
    async stop() {
      await container.stop();
    },
  };
}
