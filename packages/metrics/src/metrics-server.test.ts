import assert from "node:assert/strict";
import { test } from "node:test";
import { Counter, Registry } from "prom-client";
import { parseMetricsAddress } from "./metrics-address.js";
import { startMetricsServer } from "./metrics-server.js";

test("/readyz follows isReady, /healthz is always 200, /metrics serves the registry", async () => {
  const registry = new Registry();
  new Counter({ name: "x_total", help: "x", registers: [registry] }).inc(2);
  let ready = false;
  const server = await startMetricsServer({ address: parseMetricsAddress("127.0.0.1:0"), registry, isReady: () => ready });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const metrics = await fetch(`${server.url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^x_total 2$/m);
    assert.equal((await fetch(`${server.url}/metrics`, { method: "POST" })).status, 405);
    assert.equal((await fetch(`${server.url}/other`)).status, 404);
  } finally {
    await server.close();
  }
  await assert.rejects(fetch(`${server.url}/healthz`), "closed servers do not answer");
});

test("metrics addresses are host:port", () => {
  assert.deepEqual(parseMetricsAddress("0.0.0.0:9464"), { host: "0.0.0.0", port: 9464 });
  assert.deepEqual(parseMetricsAddress("[::1]:0"), { host: "::1", port: 0 });
  assert.throws(() => parseMetricsAddress("9464"), /host:port/);
  assert.throws(() => parseMetricsAddress("localhost:70000"), /host:port/);
});
