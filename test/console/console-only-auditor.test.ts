// An auditor instance for the regulators' console alone (AUDITOR_CONSOLE_ONLY=1), beside the
// hub's settling auditor: it takes no claims (its decided-claims counter stays empty while 12
// claims settle) and its console's overview shows them, read from the audit chain.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createAccountStore, openConsoleBucket } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats } from "@tongxing/nats";
import { hubKeyPaths } from "@tongxing/pki";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, freePort, startServiceProcess, startTestHub, type ServiceProcess, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let consoleOnly: ServiceProcess;
let consoleUrl: string;
let metricsUrl: string;
let token: string;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  const nc = await connectNats({ servers: hub.nats.url, name: "console-only-test" });
  const store = createAccountStore(await openConsoleBucket(nc));
  await store.create({ user: "watcher", role: "viewer", scope: "national", password: "watcher-password-1" });
  token = await store.issueToken("watcher");
  await nc.close();
  const passwordFile = join(mkdtempSync(join(tmpdir(), "console-only-")), "auditor.password");
  writeFileSync(passwordFile, hub.natsUsers.auditor.pass, { mode: 0o600 });
  const [apiPort, metricsPort] = [await freePort(), await freePort()];
  consoleUrl = `http://127.0.0.1:${apiPort}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  consoleOnly = await startServiceProcess(
    "auditor",
    {
      NATS_URL: hub.nats.url,
      NATS_USER: hub.natsUsers.auditor.user,
      NATS_PASSWORD_FILE: passwordFile,
      REGULATOR_API_ADDRESS: `127.0.0.1:${apiPort}`,
      METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      PRIVACY_KEY_FILE: hub.privacyKeyFile,
      HUB_SIGNING_KEY_FILE: hubKeyPaths(hub.pki.paths.dir).privateKey,
      AUDITOR_CONSOLE_ONLY: "1",
    },
    "auditor started",
  );
});

after(async () => {
  await consoleOnly?.stop();
  platforms?.close();
  await hub?.stop();
});

test("a console-only auditor settles nothing itself and its overview shows what the others settled", async () => {
  const shandong = createGatewayClient(hub.address, "37");
  for (let i = 0; i < 12; i++) {
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 7100 + i, seed: 7100 + i });
    assert.equal((await shandong.settle(m.payload)).status, ClaimStatus.SETTLED);
  }
  shandong.close();
  const metrics = await (await fetch(metricsUrl)).text();
  const decided = metrics.split("\n").filter((l) => l.startsWith("tongxing_claims_total{"));
  assert.deepEqual(decided, [], "the console-only instance decided no claim");
  let settled = 0;
  for (let attempt = 0; attempt < 40 && settled < 12; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${consoleUrl}/api/v1/overview`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    settled = ((await res.json()) as { figures: { counts: { SETTLED: number } } }).figures.counts.SETTLED;
  }
  assert.ok(settled >= 12, `the overview counts the claims the other auditor settled (${settled})`);
});
