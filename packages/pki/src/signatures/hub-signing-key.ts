import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateSm2KeyPair, sm2PrivateKey, sm2PublicKey, sm2Sign, sm2Verify } from "./sm2-signature.js";

/**
 * The hub's own SM2 key: it signs verdicts, settlements and closed periods' roots. The key id is
 * derived from the public key (`hub-` + the first 16 hex digits of SM3 over its SPKI DER), so a
 * verifier holding the public key knows which signatures it checks.
 */
export interface HubSigningKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(data: Uint8Array): Uint8Array;
}

/** The hub's public keys a verifier trusts, by key id. */
export interface HubVerifyingKeys {
  /** Undefined when the key id is not one of them. */
  verify(keyId: string, data: Uint8Array, signature: Uint8Array): boolean | undefined;
  readonly keyIds: readonly string[];
}

/** The key id of an SM2 public key. */
export function hubKeyIdOf(publicKey: KeyObject): string {
  return `hub-${createHash("sm3").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16)}`;
}

/** A hub signing key from its private key PEM. */
export function hubSigningKeyOf(privateKeyPem: string): HubSigningKey {
  const privateKey = sm2PrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const keyId = hubKeyIdOf(sm2PublicKey(publicKeyPem));
  return { keyId, publicKeyPem, sign: (data) => sm2Sign(privateKey, data) };
}

/** The development layout: the private key and, beside it, its public key for verifiers. */
export function hubKeyPaths(pkiDir: string): { readonly privateKey: string; readonly publicKey: string } {
  return { privateKey: join(pkiDir, "hub-signing-key.pem"), publicKey: join(pkiDir, "hub-signing.pub.pem") };
}

/** Reads the hub's key file (production: the configured HUB_SIGNING_KEY_FILE). */
export async function loadHubSigningKey(privateKeyFile: string): Promise<HubSigningKey> {
  return hubSigningKeyOf(await readFile(privateKeyFile, "utf8"));
}

/**
 * Creates, once, the development hub key under `pkiDir` (kept on later starts, like the
 * development CA) and returns it.
 */
export async function ensureHubSigningKey(pkiDir: string): Promise<HubSigningKey> {
  const paths = hubKeyPaths(pkiDir);
  if (!existsSync(paths.privateKey)) {
    await mkdir(dirname(paths.privateKey), { recursive: true, mode: 0o700 });
    const pair = generateSm2KeyPair();
    await writeFile(paths.privateKey, pair.privateKeyPem, { mode: 0o600 });
  }
  const key = await loadHubSigningKey(paths.privateKey);
  if (!existsSync(paths.publicKey)) await writeFile(paths.publicKey, key.publicKeyPem);
  return key;
}

/** Verifying keys from public key PEMs (the operator's trusted copies). */
export function hubVerifyingKeys(publicKeyPems: readonly string[]): HubVerifyingKeys {
  const byId = new Map<string, KeyObject>();
  for (const pem of publicKeyPems) {
    const key = sm2PublicKey(pem);
    byId.set(hubKeyIdOf(key), key);
  }
  return {
    keyIds: [...byId.keys()],
    verify: (keyId, data, signature) => {
      const key = byId.get(keyId);
      return key === undefined ? undefined : sm2Verify(key, data, signature);
    },
  };
}
