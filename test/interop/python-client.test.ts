// A client in another language: Python with Debian's grpcio and protobuf, built from the hub's
// protobuf image (`buf build` of proto/) and nothing else of the hub's. Over real mTLS with a
// platform's certificate it settles a claim, reads it back, gets INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the field for a bad amount, and gets nothing without a certificate;
// as an insured platform it holds a ProvinceLink stream, receives a claim and refuses it.
// `.ci/run` installs python3-grpcio and python3-protobuf; without them this file says so and skips.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { createGatewayClient, startTestHub, type TestHub } from "@tongxing/testkit";
import { ClaimStatus } from "@tongxing/proto";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT = fileURLToPath(new URL("./python_client.py", import.meta.url));
const LINK = fileURLToPath(new URL("./python_link.py", import.meta.url));
const PYTHON = "/usr/bin/python3";

const probe = spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"], { encoding: "utf8" });
const missing = probe.status === 0 ? undefined : "Debian's python3-grpcio and python3-protobuf are not installed (apt-get install python3-grpcio python3-protobuf; .ci/run does)";
if (missing !== undefined) process.stderr.write(`python-client.test.ts: skipped: ${missing}\n`);

let hub: TestHub;
let platforms: SimulatedPlatforms;
let dir: string;

before(async () => {
  if (missing !== undefined) return;
  dir = mkdtempSync(join(tmpdir(), "tongxing-python-client-"));
  const build = spawnSync("npx", ["--no-install", "buf", "build", "-o", join(dir, "image.binpb")], { cwd: ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, `buf build: ${build.stderr}`);
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
});

after(async () => {
  platforms?.close();
  await hub?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface CallResult {
  readonly ok: boolean;
  readonly reply?: Record<string, unknown>;
  readonly error?: { code: string; message: string; status_code?: number; violations?: string[] };
}

/** Runs the Python client on a job (asynchronously: the hub serves from this process). */
async function runPython(job: Record<string, unknown>): Promise<CallResult[]> {
  const child = spawn(PYTHON, [CLIENT], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  child.stdin.end(JSON.stringify(job));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 0, `python client failed: ${stderr}`);
  return JSON.parse(stdout) as CallResult[];
}

test("a Python grpcio client settles over mTLS, reads the claim back, gets field-named errors, and nothing without a certificate", { skip: missing }, async () => {
  const good = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 71, seed: 71 });
  const bad = JSON.parse(Buffer.from(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 72, seed: 72 }).payload).toString("utf8")) as {
    input: { data: Record<string, unknown> };
  };
  bad.input.data.medfee_sumamt = "12.345"; // three decimals: not a fen amount
  const paths = hub.pki.paths;
  const job = {
    address: hub.address,
    image: join(dir, "image.binpb"),
    ca: paths.caCert,
    cert: paths.platformCert("37"),
    key: paths.platformKey("37"),
    settle: [
      { dialect: "nhsa-json", payload: Buffer.from(good.payload).toString("base64") },
      { dialect: "nhsa-json", payload: Buffer.from(JSON.stringify(bad)).toString("base64") },
    ],
  };
  const [settled, refused, anonymous] = await runPython(job);

  assert.ok(settled?.ok, `settle failed: ${JSON.stringify(settled?.error)}`);
  const reply = settled.reply as { status: string; claim_id: string; payload: string; settlement: { adjudication: { medfee_sumamt: string } } };
  assert.equal(reply.status, "CLAIM_STATUS_SETTLED");
  assert.match(reply.settlement.adjudication.medfee_sumamt, /^\d+$/, "amounts arrive as integer fen (int64 as a JSON string)");
  assert.equal((JSON.parse(Buffer.from(reply.payload, "base64").toString("utf8")) as { infcode: string }).infcode, "0");

  assert.equal(refused?.ok, false);
  assert.equal(refused.error?.code, "INVALID_ARGUMENT");
  assert.equal(refused.error?.status_code, 3, "google.rpc.Status in grpc-status-details-bin");
  assert.ok(refused.error?.violations?.some((f) => f.includes("medfee_sumamt")), `a BadRequest violation names the field: ${JSON.stringify(refused.error)}`);

  assert.equal(anonymous?.ok, false, "no client certificate, no answer");
  assert.ok(["UNAVAILABLE", "UNAUTHENTICATED"].includes(anonymous.error?.code ?? ""), `refused at the handshake: ${JSON.stringify(anonymous.error)}`);

  const [read] = await runPython({ ...job, settle: [], get: [reply.claim_id] });
  assert.ok(read?.ok, `GetClaim failed: ${JSON.stringify(read?.error)}`);
  assert.equal((read.reply as { record: { status: string } }).record.status, "CLAIM_STATUS_SETTLED");
});

test("a Python insured platform holds its ProvinceLink, receives the claim it insures and refuses it", { skip: missing }, async () => {
  const paths = hub.pki.paths;
  const job = { address: hub.address, image: join(dir, "image.binpb"), ca: paths.caCert, cert: paths.platformCert("44"), key: paths.platformKey("44"), code: "PY-REFUSED" };
  const child = spawn(PYTHON, [LINK, JSON.stringify(job)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      if (stdout.includes("READY\n")) resolve();
    });
    void closed.then((code) => reject(new Error(`the Python link ended before READY (exit ${code}): ${stderr}`)));
  });
  // Guangdong (44) has only the Python platform on its link; Shandong (37) treats.
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq: 73, seed: 73 });
  const answer = await createGatewayClient(hub.address, "37").settle(message.payload);
  assert.equal(await closed, 0, `python link failed: ${stderr}`);
  const seen = JSON.parse(stdout.slice(stdout.indexOf("READY\n") + 6)) as { welcome_platform: string; claim_id: string; insuplc_admdvs: string; ack_accepted: boolean };
  assert.equal(seen.welcome_platform, "44", "the hub names the platform from its certificate");
  assert.equal(seen.insuplc_admdvs, "440100");
  assert.equal(seen.claim_id, answer.claimId, "the Python platform got the claim that was sent");
  assert.equal(seen.ack_accepted, true, "the hub accepted the refusal");
  assert.equal(answer.status, ClaimStatus.REJECTED);
  assert.match(JSON.stringify(answer, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)), /PY-REFUSED/, "the counter's answer carries the insured platform's refusal code");
});
