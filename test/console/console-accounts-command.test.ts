// The admin command (`npm run accounts`) and the development account `npm start` prints, against
// a real nats-server: accounts land in the console bucket with an scrypt hash, and sign in.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createAccountStore, ensureDevAccount, openConsoleBucket } from "@tongxing/auditor";
import { connectNats } from "@tongxing/nats";
import { startTestNats, type TestNats } from "@tongxing/testkit";

const root = fileURLToPath(new URL("../..", import.meta.url));
let nats: TestNats;

before(async () => {
  nats = await startTestNats();
});

after(async () => {
  await nats.stop();
});

function accounts(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "services/auditor/src/console/accounts-main.ts", ...args, "--nats", nats.url], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

test("npm run accounts creates an account (scrypt-hashed), refuses bad roles and duplicates, and issues tokens", async () => {
  const created = await accounts("create", "--user", "sd-view", "--role", "viewer", "--scope", "37", "--name", "山东查看");
  assert.equal(created.code, 0, created.stderr);
  const password = /password (\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(password, created.stdout);
  assert.equal((await accounts("create", "--user", "sd-view", "--role", "viewer", "--scope", "37")).code, 1, "exists already");
  const bad = await accounts("create", "--user", "x1", "--role", "admin", "--scope", "37");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /role must be/);
  assert.equal((await accounts("create", "--user", "x2", "--role", "viewer", "--scope", "370")).code, 1, "a scope is national or two digits");
  const token = (await accounts("token", "--user", "sd-view")).stdout.trim();
  assert.match(token, /^txc_[A-Za-z0-9_-]{43}$/);

  const nc = await connectNats({ servers: nats.url, name: "test" });
  try {
    const store = createAccountStore(await openConsoleBucket(nc));
    const account = await store.get("sd-view");
    assert.equal(account?.role, "viewer");
    assert.equal(account?.scope, "37");
    assert.equal(account?.displayName, "山东查看");
    assert.match(account?.passwordHash ?? "", /^scrypt\$32768\$8\$1\$/);
    assert.ok(!(account?.passwordHash ?? "").includes(password));
    assert.equal((await store.signIn("sd-view", password))?.user, "sd-view");
    assert.equal(await store.signIn("sd-view", `${password}x`), undefined);
    assert.equal((await store.byToken(token))?.user, "sd-view");

    const dev = await ensureDevAccount(nc);
    assert.equal((await store.signIn(dev.user, dev.password))?.role, "reviewer");
    const again = await ensureDevAccount(nc);
    assert.notEqual(again.password, dev.password, "a restart prints a fresh password");
    assert.equal(await store.signIn(dev.user, dev.password), undefined, "the old one no longer works");
    assert.equal((await store.signIn(again.user, again.password))?.scope, "national");
  } finally {
    await nc.close();
  }
});
