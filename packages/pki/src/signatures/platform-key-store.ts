import type { KeyObject } from "node:crypto";
import type { KV } from "@nats-io/kv";
import { isKeyId, parsePlatformKey, PlatformKeyKeys, type PlatformKey } from "./platform-key.js";
import { generateSm2KeyPair, sm2PublicKey } from "./sm2-signature.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DAY_MS = 86_400_000;

/** Stores (or replaces) one platform key. The public key must be SM2. */
export async function putPlatformKey(kv: KV, key: PlatformKey): Promise<void> {
  if (!isKeyId(key.platform) || !isKeyId(key.keyId)) throw new Error(`platform and key id must match [A-Za-z0-9_-]{1,64}: ${key.platform} / ${key.keyId}`);
  sm2PublicKey(key.publicKeyPem);
  await kv.put(PlatformKeyKeys.key(key.platform, key.keyId), encoder.encode(JSON.stringify(key)));
}

/** Options for {@link issuePlatformKey}. */
export interface IssuePlatformKeyOptions {
  readonly platform: string;
  /** Default: `<platform>-<yyyyMMddHHmmss>`. */
  readonly keyId?: string;
  /** An existing public key (the platform keeps its private key); default: a fresh pair. */
  readonly publicKeyPem?: string;
  readonly validDays?: number;
  readonly nowMs?: number;
}

/**
 * Adds a key for a platform (a first key or a rotation: a new key id; older keys stay valid
 * until their own end). Returns the stored entry and, when the pair was generated here, the
 * private key for the platform.
 */
export async function issuePlatformKey(kv: KV, options: IssuePlatformKeyOptions): Promise<{ readonly key: PlatformKey; readonly privateKeyPem?: string }> {
  const now = options.nowMs ?? Date.now();
  const pair = options.publicKeyPem === undefined ? generateSm2KeyPair() : undefined;
  const keyId = options.keyId ?? `${options.platform}-${new Date(now).toISOString().replace(/[-:T]/g, "").slice(0, 14)}`;
  const key: PlatformKey = {
    platform: options.platform,
    keyId,
    publicKeyPem: options.publicKeyPem ?? (pair?.publicKeyPem as string),
    notBefore: new Date(now - 60_000).toISOString(),
    notAfter: new Date(now + (options.validDays ?? 365) * DAY_MS).toISOString(),
    createdAt: new Date(now).toISOString(),
  };
  await putPlatformKey(kv, key);
  return pair === undefined ? { key } : { key, privateKeyPem: pair.privateKeyPem };
}

/** Ends a key's validity at `atMs` (default now): signatures by it are refused from then on. */
export async function retirePlatformKey(kv: KV, platform: string, keyId: string, atMs = Date.now()): Promise<PlatformKey> {
  const entry = await kv.get(PlatformKeyKeys.key(platform, keyId));
  const key = entry === null || entry.operation !== "PUT" ? undefined : parsePlatformKey(JSON.parse(decoder.decode(entry.value)));
  if (key === undefined) throw new Error(`no key ${keyId} for platform ${platform}`);
  const retired = { ...key, notAfter: new Date(atMs).toISOString() };
  await putPlatformKey(kv, retired);
  return retired;
}

/** Every stored key (for the admin command's list). */
export async function listPlatformKeys(kv: KV, platform?: string): Promise<PlatformKey[]> {
  const out: PlatformKey[] = [];
  for await (const k of await kv.keys(platform === undefined ? "key.>" : `${PlatformKeyKeys.platformPrefix(platform)}>`)) {
    const e = await kv.get(k);
    const key = e === null || e.operation !== "PUT" ? undefined : parsePlatformKey(JSON.parse(decoder.decode(e.value)));
    if (key !== undefined) out.push(key);
  }
  return out.sort((a, b) => a.platform.localeCompare(b.platform) || a.createdAt.localeCompare(b.createdAt));
}

/** A key as the verifier holds it: the entry and its parsed public key. */
export interface LoadedPlatformKey {
  readonly key: PlatformKey;
  readonly publicKey: KeyObject;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

/** The platform keys, kept current by a KV watch. */
export interface WatchedPlatformKeys {
  /** The key, when it exists for that platform (whatever its validity). */
  get(platform: string, keyId: string): LoadedPlatformKey | undefined;
  stop(): void;
}

/** Loads the store and follows it (a new or retired key applies at once, without a restart). */
export async function watchPlatformKeys(kv: KV, onInvalid?: (key: string) => void): Promise<WatchedPlatformKeys> {
  const keys = new Map<string, LoadedPlatformKey>();
  const watcher = await kv.watch({ key: ">" });
  let resolveLoaded!: () => void;
  const loaded = new Promise<void>((r) => (resolveLoaded = r));
  if ((await kv.status()).values === 0) resolveLoaded();
  void (async () => {
    for await (const e of watcher) {
      if (e.operation !== "PUT") keys.delete(e.key);
      else {
        const key = parseOrUndefined(e.value);
        let publicKey: KeyObject | undefined;
        try {
          publicKey = key === undefined ? undefined : sm2PublicKey(key.publicKeyPem);
        } catch {
          publicKey = undefined;
        }
        if (key === undefined || publicKey === undefined || e.key !== PlatformKeyKeys.key(key.platform, key.keyId)) {
          keys.delete(e.key);
          onInvalid?.(e.key);
        } else keys.set(e.key, { key, publicKey, notBeforeMs: Date.parse(key.notBefore), notAfterMs: Date.parse(key.notAfter) });
      }
      if (e.delta === 0 || e.isUpdate) resolveLoaded();
    }
  })();
  await loaded;
  return {
    get: (platform, keyId) => (isKeyId(keyId) ? keys.get(PlatformKeyKeys.key(platform, keyId)) : undefined),
    stop: () => watcher.stop(),
  };
}

function parseOrUndefined(value: Uint8Array): PlatformKey | undefined {
  try {
    return parsePlatformKey(JSON.parse(decoder.decode(value)));
  } catch {
    return undefined;
  }
}
