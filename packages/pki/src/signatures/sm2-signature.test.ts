import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { test } from "node:test";
import { generateSm2KeyPair, sm2PrivateKey, sm2PublicKey, sm2Sign, sm2Verify } from "./sm2-signature.js";
import { hubKeyIdOf, hubSigningKeyOf, hubVerifyingKeys } from "./hub-signing-key.js";
import { signedContent } from "./signed-content.js";

const data = new TextEncoder().encode("tongxing");

test("SM2 with SM3: a signature verifies for its data and key only; malformed input is false, not a throw", () => {
  const a = generateSm2KeyPair();
  const b = generateSm2KeyPair();
  const sig = sm2Sign(sm2PrivateKey(a.privateKeyPem), data);
  assert.equal(sm2Verify(sm2PublicKey(a.publicKeyPem), data, sig), true);
  assert.equal(sm2Verify(sm2PublicKey(b.publicKeyPem), data, sig), false);
  assert.equal(sm2Verify(sm2PublicKey(a.publicKeyPem), new TextEncoder().encode("tongxinG"), sig), false);
  assert.equal(sm2Verify(sm2PublicKey(a.publicKeyPem), data, new Uint8Array([1, 2, 3])), false);
});

test("the SM2 scheme, not ECDSA on the SM2 curve: a KeyObject made as 'ec' signs ECDSA, which does not verify as SM2", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "SM2" });
  const ecdsa = sign("sm3", data, ec.privateKey);
  const pem = ec.publicKey.export({ type: "spki", format: "pem" }).toString();
  assert.equal(sm2Verify(sm2PublicKey(pem), data, ecdsa), false, "keys are always read from PEM, where OpenSSL treats them as SM2");
});

test("keys on other curves or algorithms are refused, naming the problem", () => {
  const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  assert.throws(() => sm2PublicKey(p256.publicKey.export({ type: "spki", format: "pem" }).toString()), /not an SM2 public key/);
  assert.throws(() => sm2PrivateKey(p256.privateKey.export({ type: "pkcs8", format: "pem" }).toString()), /not an SM2 private key/);
});

test("signed content binds the context and the platform: the same bytes under another RPC or platform differ", () => {
  const body = new Uint8Array([1, 2, 3]);
  const base = Buffer.from(signedContent("/tongxing.v1.ClaimGateway/SubmitClaim", "37", body));
  assert.notDeepEqual(base, Buffer.from(signedContent("/tongxing.v1.ClaimGateway/SettleClaim", "37", body)));
  assert.notDeepEqual(base, Buffer.from(signedContent("/tongxing.v1.ClaimGateway/SubmitClaim", "32", body)));
});

test("hub keys: the key id comes from the public key; a verifier knows only the keys it was given", () => {
  const hub = hubSigningKeyOf(generateSm2KeyPair().privateKeyPem);
  assert.match(hub.keyId, /^hub-[0-9a-f]{16}$/);
  assert.equal(hub.keyId, hubKeyIdOf(sm2PublicKey(hub.publicKeyPem)));
  const keys = hubVerifyingKeys([hub.publicKeyPem]);
  const sig = hub.sign(data);
  assert.equal(keys.verify(hub.keyId, data, sig), true);
  assert.equal(keys.verify("hub-0000000000000000", data, sig), undefined);
});
