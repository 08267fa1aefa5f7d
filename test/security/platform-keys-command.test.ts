// `npm run platform-keys`: issues, rotates, imports, retires and lists platforms' SM2 keys in the
// platform-keys store of a real nats-server; the keys it writes sign what the hub's checker accepts.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats } from "@tongxing/nats";
import { checkSignature, createPlatformSigner, generateSm2KeyPair, watchPlatformKeys } from "@tongxing/pki";
import { startTestNats, type TestNats } from "@tongxing/testkit";

const root = fileURLToPath(new URL("../../", import.meta.url));
let nats: TestNats;
const dir = mkdtempSync(join(tmpdir(), "tongxing-platform-keys-cmd-"));

function keys(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "scripts/platform-keys.ts", ...args, "--nats", nats.url], { cwd: root });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

before(async () => {
  nats = await startTestNats();
});

after(async () => {
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("issue, rotate, import, retire and list; the issued private key signs what the store's public key verifies", async () => {
  const first = await keys(["issue", "--platform", "37", "--key-id", "37-a", "--out", dir, "--days", "30"]);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /issued key 37-a for platform 37/);
  const rotated = await keys(["issue", "--platform", "37", "--key-id", "37-b", "--out", dir]);
  assert.equal(rotated.code, 0, rotated.err);
  const own = generateSm2KeyPair();
  writeFileSync(join(dir, "own.pub.pem"), own.publicKeyPem);
  const imported = await keys(["import", "--platform", "37", "--key-id", "37-own", "--public-key", join(dir, "own.pub.pem")]);
  assert.equal(imported.code, 0, imported.err);
  const retired = await keys(["retire", "--platform", "37", "--key-id", "37-a"]);
  assert.equal(retired.code, 0, retired.err);

  const listed = await keys(["list", "--platform", "37"]);
  assert.equal(listed.code, 0, listed.err);
  const states = Object.fromEntries(listed.out.trim().split("\n").map((l) => l.split("\t")).map((f) => [f[1], f[4]]));
  assert.deepEqual(states, { "37-a": "expired", "37-b": "valid", "37-own": "valid" });

  const nc = await connectNats({ servers: nats.url, name: "platform-keys-test" });
  try {
    const store = await watchPlatformKeys(await new Kvm(nc).open(Buckets.PLATFORM_KEYS));
    const body = new TextEncoder().encode("a request");
    const check = (keyId: string, pem: string) => {
      const signer = createPlatformSigner("37", keyId, pem);
      return checkSignature(store, { platform: "37", context: "/x", body, keyId, signature: signer.sign("/x", body), atMs: Date.now() })?.rule ?? "ok";
    };
    assert.equal(check("37-b", readFileSync(join(dir, "37-b.pem"), "utf8")), "ok", "the rotated key");
    assert.equal(check("37-own", own.privateKeyPem), "ok", "the imported key");
    assert.equal(check("37-a", readFileSync(join(dir, "37-a.pem"), "utf8")), "signature.key-expired", "the retired key");
    store.stop();
  } finally {
    await nc.close();
  }
});

test("bad input is refused with a clear message, never a crash", async () => {
  const noPlatform = await keys(["issue"]);
  assert.equal(noPlatform.code, 1);
  assert.match(noPlatform.err, /--platform is required/);
  const badDays = await keys(["issue", "--platform", "37", "--days", "ten", "--out", dir]);
  assert.equal(badDays.code, 1);
  assert.match(badDays.err, /--days must be a whole number/);
  writeFileSync(join(dir, "rsa.pem"), "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n");
  const notSm2 = await keys(["import", "--platform", "37", "--public-key", join(dir, "rsa.pem")]);
  assert.equal(notSm2.code, 1);
  const unknown = await keys(["retire", "--platform", "37", "--key-id", "nope"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no key nope for platform 37/);
});
