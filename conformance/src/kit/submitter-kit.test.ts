import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { credentials } from "@grpc/grpc-js";
import { startProofSubmitter, type SubmitterFaults } from "../proof/proof-submitter.js";
import { createTestCertificates, type TestCertificates } from "../proof/test-certificates.js";
import { ExitCode, exitCodeOf } from "./kit-report.js";
import type { KitRun } from "./run-adjudicator.js";
import { runSubmitter } from "./run-submitter.js";
import { SUBMITTER_CASES } from "./submitter-cases.js";

// The kit playing ClaimGateway over loopback mTLS against a treatment-side client that settles
// its claims in a dialect and retries transient errors: a correct one passes every case, and each
// planted fault fails exactly its cases with the right requirement ids.

let certs: TestCertificates;
before(() => {
  certs = createTestCertificates("37");
});
after(() => certs.remove());

async function runAgainst(dialect: string, faults: SubmitterFaults): Promise<KitRun> {
  let client: { close(): void } | undefined;
  try {
    return await runSubmitter({
      tls: { caPath: certs.caPath, certPath: certs.serverCertPath, keyPath: certs.serverKeyPath },
      listen: "127.0.0.1:0",
      connectWaitMs: 5_000,
      settings: { requestWaitMs: 3_000 },
      dialect,
      onListening: (address) => {
        const creds = credentials.createSsl(certs.read(certs.caPath), certs.read(certs.clientKeyPath), certs.read(certs.clientCertPath));
        client = startProofSubmitter(`localhost:${address.split(":")[1]}`, creds, dialect, faults);
      },
    });
  } finally {
    client?.close();
  }
}

function failuresOf(run: KitRun): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of run.report.cases) if (c.failures.length > 0) out[c.id] = [...new Set(c.failures.map((f) => f.requirement))].sort();
  return out;
}

describe("submitter mode", { concurrency: 1 }, () => {
  for (const dialect of ["jinbao-legacy", "nhsa-json"]) {
    test(`a correct ${dialect} client passes every case`, async () => {
      const run = await runAgainst(dialect, {});
      assert.equal(run.connected, true);
      assert.deepEqual(failuresOf(run), {});
      assert.deepEqual(run.report.cases.map((c) => c.id), SUBMITTER_CASES.map((c) => c.id));
      assert.equal(exitCodeOf(run.report), ExitCode.PASSED);
    });
  }

  test("malformed GBK in the first claim fails SUB-01 of that case only", async () => {
    const run = await runAgainst("jinbao-legacy", { malformedGbkOnClaim: 1 });
    assert.deepEqual(failuresOf(run), { settled: ["SUB-01"] });
    const why = run.report.cases[0]?.failures.map((f) => f.why).join(" ") ?? "";
    assert.match(why, /psn_name/);
  });

  test("a client retrying without its idempotency key fails SUB-03 in every retry case", async () => {
    const run = await runAgainst("nhsa-json", { retryWithoutKey: true });
    assert.deepEqual(failuresOf(run), { "mismatched-result": ["SUB-03"], deadline: ["SUB-03"], "switchover-unavailable": ["SUB-03"] });
    assert.equal(exitCodeOf(run.report), ExitCode.FAILED);
  });

  test("a client booking a result for another message fails SUB-07 (a SHOULD: reported, exit code 0)", async () => {
    const run = await runAgainst("nhsa-json", { acceptsAnyResult: true });
    assert.deepEqual(failuresOf(run), { "mismatched-result": ["SUB-07"] });
    assert.equal(exitCodeOf(run.report), ExitCode.PASSED);
  });
});
