// The operator's command-line tools (verify-chain, clearing, replay, accounts, platform-keys) against a NATS server with no
// anonymous user (compose, k8s): they connect with the same environment the services use,
// NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE; without it the server refuses them.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, ensureTopology, hubServiceUsers, natsAuthFromEnv, renderNatsAuthorization } from "@tongxing/nats";
import { startTestNats, type TestNats } from "@tongxing/testkit";

const OPERATOR_PASSWORD = "operator-password-for-the-test";
let nats: TestNats;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tongxing-tool-credentials-"));
  writeFileSync(join(dir, "operator.password"), `${OPERATOR_PASSWORD}\n`, { mode: 0o600 });
  // No no_auth_user: a connection without credentials is refused, as in compose and k8s.
  const users = [...hubServiceUsers({ translator: "t-pass", router: "r-pass", auditor: "a-pass" }), { user: "operator", password: OPERATOR_PASSWORD }];
  nats = await startTestNats({ authorization: renderNatsAuthorization(users) });
  const nc = await connectNats({ servers: nats.url, name: "tool-credentials-setup", user: "operator", pass: OPERATOR_PASSWORD });
  await ensureTopology(nc, await jetstreamManager(nc));
  await nc.close();
});

after(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function verifyChain(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return tool(["services/auditor/src/audit-chain/verify-main.ts", "--nats", nats.url, "--roots-dir", dir], env);
}

function tool(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const childEnv = { ...process.env, NATS_USER: "", NATS_PASSWORD_FILE: "", NATS_NKEY_SEED_FILE: "", ...env };
  return promisify(execFile)(process.execPath, ["--import", "tsx", ...args], { env: childEnv, timeout: 60_000 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` }),
  );
}

test("verify-chain connects as the operator from NATS_USER and NATS_PASSWORD_FILE, and is refused without them", async () => {
  const withCredentials = await verifyChain({ NATS_USER: "operator", NATS_PASSWORD_FILE: join(dir, "operator.password") });
  assert.equal(withCredentials.code, 0, withCredentials.out);
  assert.match(withCredentials.out, /intact: 0 blocks/);
  const without = await verifyChain({});
  assert.notEqual(without.code, 0, "no credentials, no connection");
  assert.match(without.out, /AUTHORIZATION_VIOLATION|Authorization Violation|authorization/i);
});

test("npm run accounts and npm run platform-keys connect as the operator from NATS_USER and NATS_PASSWORD_FILE (NATS_URL by default), and are refused without them", async () => {
  const operator = { NATS_USER: "operator", NATS_PASSWORD_FILE: join(dir, "operator.password"), NATS_URL: nats.url };
  const created = await tool(["services/auditor/src/console/accounts-main.ts", "create", "--user", "ops-view", "--role", "viewer"], operator);
  assert.equal(created.code, 0, created.out);
  assert.match(created.out, /created ops-view/);
  const listed = await tool(["scripts/platform-keys.ts", "list"], operator);
  assert.equal(listed.code, 0, listed.out);
  for (const args of [["services/auditor/src/console/accounts-main.ts", "token", "--user", "ops-view"], ["scripts/platform-keys.ts", "list"]]) {
    const without = await tool(args, { NATS_URL: nats.url });
    assert.notEqual(without.code, 0, `${args[0]}: no credentials, no connection`);
    assert.match(without.out, /AUTHORIZATION_VIOLATION|Authorization Violation|authorization/i);
  }
});

test("natsAuthFromEnv: a user with a password file or an nkey seed file, not both; a missing file is named", () => {
  const files: Record<string, string> = { "/p": "secret\n", "/s": "SU" + "A".repeat(56) };
  const read = (f: string) => {
    const v = files[f];
    if (v === undefined) throw new Error("ENOENT");
    return v;
  };
  assert.equal(natsAuthFromEnv({}, read), undefined);
  assert.deepEqual(natsAuthFromEnv({ NATS_USER: "operator", NATS_PASSWORD_FILE: "/p" }, read), { user: "operator", pass: "secret" });
  assert.deepEqual(natsAuthFromEnv({ NATS_USER: "operator", NATS_NKEY_SEED_FILE: "/s" }, read), { user: "operator", nkeySeed: files["/s"] });
  assert.throws(() => natsAuthFromEnv({ NATS_USER: "operator", NATS_PASSWORD_FILE: "/p", NATS_NKEY_SEED_FILE: "/s" }, read), /not both/);
  assert.throws(() => natsAuthFromEnv({ NATS_USER: "operator", NATS_PASSWORD_FILE: "/missing" }, read), /NATS_PASSWORD_FILE: cannot read \/missing/);
  assert.throws(() => natsAuthFromEnv({ NATS_PASSWORD_FILE: "/p" }, read), /needs its user/);
});
