// The workaround for nats-core's dead RequestError per successful request, against a real
// nats-server: no error is built on the success paths the hub uses (plain requests, JetStream
// publishes, KV writes and reads), and failures still reject as the library intends.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { RequestError, TimeoutError, type NatsConnection } from "@nats-io/nats-core";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connectNats } from "./connect.js";
import { startNatsServer, type NatsServerProcess } from "./nats-server-process.js";
import { installSettledRequestCancel } from "./settled-request-cancel.js";

let server: NatsServerProcess;
let storeDir: string;
let nc: NatsConnection;

before(async () => {
  storeDir = mkdtempSync(join(tmpdir(), "tongxing-request-cancel-"));
  server = await startNatsServer({ storeDir });
  nc = await connectNats({ servers: server.url, name: "request-cancel-test" });
});

after(async () => {
  if (!nc.isClosed()) await nc.close();
  await server.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

/**
 * Counts RequestErrors built while `body` runs: `class RequestError extends Error` looks up its
 * parent when constructed, so a counting parent sees every construction.
 */
async function requestErrorsBuiltDuring(body: () => Promise<void>): Promise<number> {
  let built = 0;
  class CountingError extends Error {
    constructor(...args: ConstructorParameters<typeof Error>) {
      super(...args);
      built++;
    }
  }
  const parent = Object.getPrototypeOf(RequestError) as typeof Error;
  Object.setPrototypeOf(RequestError, CountingError);
  try {
    await body();
  } finally {
    Object.setPrototypeOf(RequestError, parent);
  }
  return built;
}

test("the workaround is in place after connecting (a nats-core upgrade that changes RequestOne fails here)", () => {
  assert.equal(installSettledRequestCancel(), true);
  assert.equal(installSettledRequestCancel(), true, "installing twice is harmless");
});

test("the counter sees a RequestError built by the library", async () => {
  const built = await requestErrorsBuiltDuring(async () => {
    await assert.rejects(nc.request("nobody.listens.here", "x", { timeout: 2_000 }), (err: unknown) => err instanceof RequestError && err.isNoResponders());
  });
  assert.ok(built >= 1, "no responders is reported as a RequestError, and the counter sees it");
});

test("successful requests, JetStream publishes and KV writes and reads build no RequestError", async () => {
  const responder = nc.subscribe("echo.request-cancel", { callback: (_err, msg) => void msg.respond(msg.data) });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "REQUEST_CANCEL", subjects: ["request-cancel.>"] });
  const js = jetstream(nc);
  const kv = await new Kvm(nc).create("request_cancel", { history: 1 });
  const built = await requestErrorsBuiltDuring(async () => {
    for (let i = 0; i < 200; i++) {
      const reply = await nc.request("echo.request-cancel", `ping ${i}`, { timeout: 2_000 });
      assert.equal(reply.string(), `ping ${i}`);
    }
    for (let i = 0; i < 50; i++) {
      const ack = await js.publish(`request-cancel.${i}`, `claim ${i}`);
      assert.equal(ack.seq, i + 1);
    }
    for (let i = 0; i < 50; i++) {
      const revision = await kv.create(`key${i}`, `value ${i}`);
      assert.equal((await kv.get(`key${i}`))?.revision, revision);
    }
  });
  responder.unsubscribe();
  assert.equal(built, 0, "a RequestError was built on a success path: the workaround is not working");
});

test("a request nobody answers still times out with the library's TimeoutError", async () => {
  const silent = nc.subscribe("silent.request-cancel", { callback: () => undefined });
  await assert.rejects(nc.request("silent.request-cancel", "x", { timeout: 200 }), (err: unknown) => err instanceof TimeoutError);
  silent.unsubscribe();
});

test("a request pending when the connection closes is still rejected", async () => {
  const other = await connectNats({ servers: server.url, name: "request-cancel-close" });
  const silent = other.subscribe("slow.request-cancel", { callback: () => undefined });
  await other.flush();
  const pending = other.request("slow.request-cancel", "x", { timeout: 10_000 });
  const settled = pending.then(
    () => "resolved",
    () => "rejected",
  );
  await other.close();
  assert.equal(await settled, "rejected");
  silent.unsubscribe();
});
