/**
 * A platform's signing key as the platform-keys store holds it (JSON under
 * key.<platform>.<keyId>, its own KV bucket, not the routing table): the public key, the key
 * id that signatures name, and its validity. Rotation adds a key with a new id; an older key
 * keeps verifying until its own `notAfter`.
 */
export interface PlatformKey {
  readonly platform: string;
  readonly keyId: string;
  /** SM2 public key, SPKI PEM. */
  readonly publicKeyPem: string;
  /** ISO 8601 instants. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly createdAt: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `text` is usable as a platform or key id (a KV key token). */
export function isKeyId(text: string): boolean {
  return ID.test(text);
}

export const PlatformKeyKeys = {
  key: (platform: string, keyId: string) => `key.${platform}.${keyId}`,
  platformPrefix: (platform: string) => `key.${platform}.`,
} as const;

/** Validates a stored entry; undefined when unusable. */
export function parsePlatformKey(json: unknown): PlatformKey | undefined {
  if (json === null || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.platform !== "string" || !ID.test(o.platform) || typeof o.keyId !== "string" || !ID.test(o.keyId)) return undefined;
  if (typeof o.publicKeyPem !== "string" || !o.publicKeyPem.includes("PUBLIC KEY")) return undefined;
  if (typeof o.notBefore !== "string" || Number.isNaN(Date.parse(o.notBefore)) || typeof o.notAfter !== "string" || Number.isNaN(Date.parse(o.notAfter))) return undefined;
  return { platform: o.platform, keyId: o.keyId, publicKeyPem: o.publicKeyPem, notBefore: o.notBefore, notAfter: o.notAfter, createdAt: typeof o.createdAt === "string" ? o.createdAt : o.notBefore };
}
