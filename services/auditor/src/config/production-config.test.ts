// Production mode refuses to start an auditor that could not sign or seal: no hub signing key,
// no privacy key file, or a testing hook set.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generateSm2KeyPair } from "@tongxing/pki";
import { resolveAuditorConfig } from "./config.js";

const keys = { privacyKeyFile: "/etc/tongxing/privacy/keys.json" };

test("production needs the hub's signing key; with it the auditor's config resolves and carries its key id", () => {
  assert.throws(() => resolveAuditorConfig({ production: true, ...keys }), /HUB_SIGNING_KEY_FILE/);
  const { privateKeyPem } = generateSm2KeyPair();
  const config = resolveAuditorConfig({ production: true, ...keys, hubSigningKeyPem: privateKeyPem });
  assert.match(config.hubSigningKey?.keyId ?? "", /^hub-[0-9a-f]{16}$/);
});

test("development runs without a hub key (verdicts chained unsigned, with a warning at start)", () => {
  assert.equal(resolveAuditorConfig({}).hubSigningKey, undefined);
});
