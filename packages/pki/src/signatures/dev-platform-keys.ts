import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KV } from "@nats-io/kv";
import { PlatformKeyKeys } from "./platform-key.js";
import { issuePlatformKey } from "./platform-key-store.js";
import { createPlatformSigner, type PlatformSigner } from "./platform-signer.js";

/** Where a development PKI directory keeps a platform's signing key: the private key and its key id. */
export function platformSigningKeyPaths(pkiDir: string, platform: string): { readonly privateKey: string; readonly keyId: string } {
  return { privateKey: join(pkiDir, "platforms", `${platform}-signing-key.pem`), keyId: join(pkiDir, "platforms", `${platform}-signing-key.id`) };
}

/**
 * Creates, once, an SM2 signing key per simulated platform (`npm start`, the test kit): the
 * private key and key id beside the platform's certificate, the public key in the platform-keys
 * store. A key whose files exist is reused (and put into the store again if a fresh NATS lacks it).
 */
export async function ensureDevPlatformKeys(kv: KV, pkiDir: string, platforms: readonly string[]): Promise<ReadonlyMap<string, PlatformSigner>> {
  await mkdir(join(pkiDir, "platforms"), { recursive: true, mode: 0o700 });
  const signers = new Map<string, PlatformSigner>();
  for (const platform of platforms) {
    const paths = platformSigningKeyPaths(pkiDir, platform);
    const known = existsSync(paths.privateKey) && existsSync(paths.keyId) ? readFileSync(paths.keyId, "utf8").trim() : undefined;
    if (known !== undefined && (await kv.get(PlatformKeyKeys.key(platform, known)))?.operation === "PUT") {
      signers.set(platform, createPlatformSigner(platform, known, readFileSync(paths.privateKey, "utf8")));
      continue;
    }
    const issued = await issuePlatformKey(kv, { platform, keyId: `${platform}-dev-${Date.now().toString(36)}`, validDays: 3650 });
    await writeFile(paths.privateKey, issued.privateKeyPem as string, { mode: 0o600 });
    await writeFile(paths.keyId, `${issued.key.keyId}\n`);
    signers.set(platform, createPlatformSigner(platform, issued.key.keyId, issued.privateKeyPem as string));
  }
  return signers;
}

/** The signers a development PKI directory holds (for simulators run as their own process); absent keys are skipped. */
export function platformSignersFromPki(pkiDir: string): (platform: string) => PlatformSigner | undefined {
  const cache = new Map<string, PlatformSigner | undefined>();
  return (platform) => {
    if (!cache.has(platform)) {
      const paths = platformSigningKeyPaths(pkiDir, platform);
      cache.set(platform, existsSync(paths.privateKey) && existsSync(paths.keyId) ? createPlatformSigner(platform, readFileSync(paths.keyId, "utf8").trim(), readFileSync(paths.privateKey, "utf8")) : undefined);
    }
    return cache.get(platform);
  };
}
