// The test NATS in both modes: the spawned nats-server, and testcontainers' NATS module where a
// Docker engine answers — where none does, the container test skips with the reason, and a
// suite run with TONGXING_TEST_NATS=testcontainers says on stderr why it fell back.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { containerNatsUnavailableReason, startTestNats, TEST_NATS_MODE_VAR, type TestNats } from "./mod.js";

async function jetStreamRoundTrip(nats: TestNats): Promise<void> {
  const nc = await connect({ servers: nats.url });
  try {
    await jetstreamManager(nc).then((jsm) => jsm.streams.add({ name: "T", subjects: ["t.>"] }));
    const ack = await jetstream(nc).publish("t.one", "hello");
    assert.equal(ack.seq, 1);
  } finally {
    await nc.close();
  }
}

test("process mode: a fresh nats-server with JetStream", async () => {
  const nats = await startTestNats();
  try {
    assert.equal(nats.mode, "process");
    await jetStreamRoundTrip(nats);
  } finally {
    await nats.stop();
  }
});

test("testcontainers mode: a NATS container with JetStream, where a Docker engine answers", async (t) => {
  const reason = await containerNatsUnavailableReason();
  if (reason !== undefined) {
    t.skip(reason);
    return;
  }
  process.env[TEST_NATS_MODE_VAR] = "testcontainers";
  try {
    const nats = await startTestNats();
    try {
      assert.equal(nats.mode, "testcontainers");
      await jetStreamRoundTrip(nats);
    } finally {
      await nats.stop();
    }
  } finally {
    delete process.env[TEST_NATS_MODE_VAR];
  }
});

test("without a Docker engine the opt-in says why on stderr and falls back to nats-server", () => {
  const script = `import { startTestNats } from "./src/mod.ts";
const n = await startTestNats(); await startTestNats().then((m) => m.stop()); console.log("mode=" + n.mode); await n.stop();`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, [TEST_NATS_MODE_VAR]: "testcontainers", DOCKER_HOST: "tcp://127.0.0.1:9" },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /mode=process/);
  const notices = r.stderr.split("\n").filter((l) => l.includes("skipped"));
  assert.equal(notices.length, 1, `one notice per process:\n${r.stderr}`);
  assert.match(notices[0]!, /^TONGXING_TEST_NATS=testcontainers skipped: no Docker engine answers at DOCKER_HOST=tcp:\/\/127\.0\.0\.1:9: .+; using a spawned nats-server instead$/);
});
