// `tongxing-conformance sign`: the headers it prints are the signature the hub's checker (the
// same function its gRPC interceptor runs) accepts for that request, and for no other.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { checkSignature, generateSm2KeyPair, sm2PublicKey, type WatchedPlatformKeys } from "@tongxing/pki";
import { SettleClaimRequestSchema } from "@tongxing/proto";
import { runCli } from "./run-cli.js";

test("sign prints x-tongxing-key-id and x-tongxing-signature that verify over the SettleClaim request; a wrong key file is a usage error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-sign-cmd-"));
  try {
    const pair = generateSm2KeyPair();
    writeFileSync(join(dir, "key.pem"), pair.privateKeyPem);
    writeFileSync(join(dir, "claim.json"), '{"infno":"2207"}');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await runCli(["sign", "--platform", "37", "--key", join(dir, "key.pem"), "--key-id", "37-k1", "--dialect", "nhsa-json", "--idempotency-key", "M1", join(dir, "claim.json")], io);
    assert.equal(code, 0, err.join("\n"));
    const headers = Object.fromEntries(out.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
    assert.equal(headers["x-tongxing-key-id"], "37-k1");
    const keys: WatchedPlatformKeys = {
      get: (platform, keyId) => (platform === "37" && keyId === "37-k1" ? { key: { platform, keyId, publicKeyPem: pair.publicKeyPem, notBefore: "", notAfter: "", createdAt: "" }, publicKey: sm2PublicKey(pair.publicKeyPem), notBeforeMs: 0, notAfterMs: Number.MAX_SAFE_INTEGER } : undefined),
      stop: () => undefined,
    };
    const request = (idempotencyKey: string) => toBinary(SettleClaimRequestSchema, create(SettleClaimRequestSchema, { dialect: "nhsa-json", payload: new TextEncoder().encode('{"infno":"2207"}'), idempotencyKey }));
    const check = (body: Uint8Array, path = "/tongxing.v1.ClaimGateway/SettleClaim") =>
      checkSignature(keys, { platform: "37", context: path, body, keyId: "37-k1", signature: Buffer.from(headers["x-tongxing-signature"] ?? "", "base64"), atMs: Date.now() })?.rule ?? "ok";
    assert.equal(check(request("M1")), "ok");
    assert.equal(check(request("M2")), "signature.invalid", "another idempotency key");
    assert.equal(check(request("M1"), "/tongxing.v1.ClaimGateway/SubmitClaim"), "signature.invalid", "another RPC");

    writeFileSync(join(dir, "not-a-key.pem"), "hello");
    const bad = await runCli(["sign", "--platform", "37", "--key", join(dir, "not-a-key.pem"), "--key-id", "k", join(dir, "claim.json")], io);
    assert.equal(bad, 2);
    assert.match(err.join("\n"), /--key .*not-a-key\.pem/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
