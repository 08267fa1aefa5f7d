import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The key file: data keys by id (the newest seals, every listed one opens) and one lookup key
 * (HMAC of personal identifiers in KV keys). JSON, keys base64, mode 0600.
 */
export interface PrivacyKeyFile {
  readonly version: 1;
  /** Data keys, oldest first; the last is the one new writes use. 32 bytes each. */
  readonly keys: readonly { readonly id: string; readonly key: string; readonly createdAt: string }[];
  /** HMAC-SHA256 key of lookups by person (never rotated: it names stored keys). 32 bytes. */
  readonly lookupKey: string;
}

/** The development key file, relative to the working directory (where `npm start` keeps it). */
export const DEV_PRIVACY_KEY_FILE = ".data/privacy-keys.json";

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses and checks a key file's text; throws naming the problem. */
export function parsePrivacyKeyFile(text: string, source = "privacy key file"): PrivacyKeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON`, { cause: err });
  }
  const f = raw as Partial<PrivacyKeyFile>;
  if (f.version !== 1 || !Array.isArray(f.keys) || f.keys.length === 0 || typeof f.lookupKey !== "string") {
    throw new Error(`${source}: expected {version: 1, keys: [{id, key}], lookupKey}`);
  }
  const ids = new Set<string>();
  for (const k of f.keys) {
    if (typeof k.id !== "string" || !KEY_ID.test(k.id) || ids.has(k.id)) throw new Error(`${source}: key id "${String(k.id)}" is not a unique [A-Za-z0-9_-]{1,32}`);
    if (typeof k.key !== "string" || Buffer.from(k.key, "base64").length !== 32) throw new Error(`${source}: key ${k.id} is not 32 bytes of base64`);
    ids.add(k.id);
  }
  if (Buffer.from(f.lookupKey, "base64").length !== 32) throw new Error(`${source}: lookupKey is not 32 bytes of base64`);
  return f as PrivacyKeyFile;
}

export function readPrivacyKeyFile(path: string): PrivacyKeyFile {
  return parsePrivacyKeyFile(readFileSync(path, "utf8"), path);
}

function newKey(id: string): PrivacyKeyFile["keys"][number] {
  return { id, key: randomBytes(32).toString("base64"), createdAt: new Date().toISOString() };
}

function write(path: string, file: PrivacyKeyFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** A fresh key file's content: one data key ("k1") and a lookup key. */
export function newPrivacyKeyFile(): PrivacyKeyFile {
  return { version: 1, keys: [newKey("k1")], lookupKey: randomBytes(32).toString("base64") };
}

/**
 * Creates the key file once (development, test kit); an existing one is kept as it is. Processes
 * starting together agree: the file appears whole and only once (hard link, which fails if it
 * exists), and whoever lost reads the winner's.
 */
export function ensurePrivacyKeyFile(path: string): PrivacyKeyFile {
  if (existsSync(path)) return readPrivacyKeyFile(path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(newPrivacyKeyFile(), null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readPrivacyKeyFile(path);
}

/**
 * Rotation: appends a new data key (id `k<n+1>`) that new writes then use; older keys stay to
 * open what they sealed. The lookup key is kept. Services load the file at start.
 */
export function rotatePrivacyKeyFile(path: string): PrivacyKeyFile {
  const current = readPrivacyKeyFile(path);
  let n = current.keys.length + 1;
  while (current.keys.some((k) => k.id === `k${n}`)) n++;
  const next: PrivacyKeyFile = { ...current, keys: [...current.keys, newKey(`k${n}`)] };
  write(path, next);
  return next;
}
