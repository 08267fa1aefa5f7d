import { createCipheriv, createDecipheriv, createHmac, getCiphers, randomBytes } from "node:crypto";
import { DEV_PRIVACY_KEY_FILE, ensurePrivacyKeyFile, newPrivacyKeyFile, readPrivacyKeyFile, type PrivacyKeyFile } from "./privacy-key-file.js";

/**
 * SM4-GCM where the runtime's OpenSSL offers it, else AES-256-GCM (Node 20's OpenSSL 3 has SM4
 * only in CBC/CTR/ECB/CFB/OFB modes, so today it is AES). The algorithm is in every sealed value.
 */
export const CIPHER = getCiphers().includes("sm4-gcm") ? "sm4-gcm" : "aes-256-gcm";
const ALG_TAG = CIPHER === "sm4-gcm" ? "s" : "a";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Prefix of a sealed text field: `txenc1.<alg>.<key id>.<base64url nonce|tag|ciphertext>`. */
const TEXT_PREFIX = "txenc1.";
/** Magic of sealed bytes: "TXE1", then alg byte, key id length, key id, nonce, tag, ciphertext. */
const BYTES_MAGIC = Buffer.from("TXE1", "ascii");

/** A sealed value that cannot be opened (unknown key id, tampered, wrong field). */
export class PrivacyError extends Error {
  override readonly name = "PrivacyError";
}

/**
 * The hub's data keys and lookup key: seals personal identifiers (authenticated, with the key
 * id and the field name as associated data), opens what any listed key sealed, and hashes
 * identifiers for lookups with a keyed HMAC.
 */
export class PrivacyKeys {
  private readonly keys: Map<string, Buffer>;
  /** Key id new writes use (the file's last). */
  readonly currentKeyId: string;
  private readonly lookupKey: Buffer;

  constructor(file: PrivacyKeyFile) {
    this.keys = new Map(file.keys.map((k) => [k.id, Buffer.from(k.key, "base64")]));
    const last = file.keys[file.keys.length - 1];
    if (last === undefined) throw new PrivacyError("a privacy key file needs at least one key");
    this.currentKeyId = last.id;
    this.lookupKey = Buffer.from(file.lookupKey, "base64");
  }

  private key(id: string): Buffer {
    const k = this.keys.get(id);
    if (k === undefined) throw new PrivacyError(`sealed with key id "${id}", which is not in the key file`);
    return CIPHER === "sm4-gcm" ? k.subarray(0, 16) : k;
  }

  private encrypt(plain: Buffer, aad: string): { nonce: Buffer; tag: Buffer; body: Buffer } {
    const nonce = randomBytes(NONCE_BYTES);
    const c = createCipheriv(CIPHER as "aes-256-gcm", this.key(this.currentKeyId), nonce, { authTagLength: TAG_BYTES });
    c.setAAD(Buffer.from(`${this.currentKeyId}\n${aad}`, "utf8"));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return { nonce, tag: c.getAuthTag(), body };
  }

  private decrypt(alg: string, keyId: string, nonce: Buffer, tag: Buffer, body: Buffer, aad: string): Buffer {
    if (alg !== ALG_TAG) throw new PrivacyError(`sealed with cipher "${alg}", which this runtime does not use`);
    try {
      const d = createDecipheriv(CIPHER as "aes-256-gcm", this.key(keyId), nonce, { authTagLength: TAG_BYTES });
      d.setAAD(Buffer.from(`${keyId}\n${aad}`, "utf8"));
      d.setAuthTag(tag);
      return Buffer.concat([d.update(body), d.final()]);
    } catch (err) {
      if (err instanceof PrivacyError) throw err;
      throw new PrivacyError(`a sealed ${aad} does not authenticate (tampered, or another key)`, { cause: err });
    }
  }

  /** Seals a text field; "" stays "" (absent is not a value), a sealed text is returned as it is. */
  sealText(plain: string, field: string): string {
    if (plain === "" || isSealedText(plain)) return plain;
    const { nonce, tag, body } = this.encrypt(Buffer.from(plain, "utf8"), field);
    return `${TEXT_PREFIX}${ALG_TAG}.${this.currentKeyId}.${Buffer.concat([nonce, tag, body]).toString("base64url")}`;
  }

  /** Opens a sealed text field; a plain one (written before encryption) is returned as it is. */
  openText(text: string, field: string): string {
    if (!isSealedText(text)) return text;
    const [alg = "", keyId = "", data = ""] = text.slice(TEXT_PREFIX.length).split(".");
    const raw = Buffer.from(data, "base64url");
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new PrivacyError(`a sealed ${field} is truncated`);
    return this.decrypt(alg, keyId, raw.subarray(0, NONCE_BYTES), raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES), raw.subarray(NONCE_BYTES + TAG_BYTES), field).toString("utf8");
  }

  /** Seals a whole stored value (a KV entry's bytes); `kind` names what it is (associated data). */
  sealBytes(plain: Uint8Array, kind: string): Uint8Array {
    const { nonce, tag, body } = this.encrypt(Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength), kind);
    const id = Buffer.from(this.currentKeyId, "ascii");
    return Buffer.concat([BYTES_MAGIC, Buffer.from([ALG_TAG.charCodeAt(0), id.length]), id, nonce, tag, body]);
  }

  /** Opens sealed bytes; bytes without the magic (stored before encryption) are returned as they are. */
  openBytes(bytes: Uint8Array, kind: string): Uint8Array {
    if (!isSealedBytes(bytes)) return bytes;
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const alg = String.fromCharCode(b[4] ?? 0);
    const idLen = b[5] ?? 0;
    const at = 6 + idLen;
    if (b.length < at + NONCE_BYTES + TAG_BYTES) throw new PrivacyError(`a sealed ${kind} is truncated`);
    const keyId = b.subarray(6, at).toString("ascii");
    return this.decrypt(alg, keyId, b.subarray(at, at + NONCE_BYTES), b.subarray(at + NONCE_BYTES, at + NONCE_BYTES + TAG_BYTES), b.subarray(at + NONCE_BYTES + TAG_BYTES), kind);
  }

  /**
   * A keyed hash of a personal identifier for KV keys and subjects (hex, 32 chars): stable for
   * lookups, useless to whoever lacks the lookup key (no dictionary of ID numbers reverses it).
   */
  lookupHash(identifier: string, purpose: string): string {
    return createHmac("sha256", this.lookupKey).update(`${purpose}\n${identifier}`).digest("hex").slice(0, 32);
  }
}

export function isSealedText(text: string): boolean {
  return text.startsWith(TEXT_PREFIX);
}

export function isSealedBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && bytes[0] === 0x54 && bytes[1] === 0x58 && bytes[2] === 0x45 && bytes[3] === 0x31;
}

let installed: PrivacyKeys | undefined;
let ephemeral = false;

/**
 * The process's keys: those a service (or the test kit) installed from its key file, else the
 * development key file under the working directory (`.data/privacy-keys.json`, created once:
 * tools and tests run from the repository read what `npm start` and the benches' services
 * wrote), else, where that cannot be written, keys of this process alone.
 */
export function privacyKeys(): PrivacyKeys {
  if (installed === undefined) {
    let file: PrivacyKeyFile;
    try {
      file = ensurePrivacyKeyFile(DEV_PRIVACY_KEY_FILE);
    } catch {
      // A read-only working directory (a container): nothing outside this process can open these.
      file = newPrivacyKeyFile();
    }
    installed = new PrivacyKeys(file);
    ephemeral = true;
  }
  return installed;
}

/** Whether a service (or the test kit) installed keys in this process (not the default of {@link privacyKeys}). */
export function hasInstalledPrivacyKeys(): boolean {
  return installed !== undefined && !ephemeral;
}

/**
 * The keys a service uses: its configured key file, or (development) `.data/privacy-keys.json`
 * under the working directory, created once, unless this process has keys installed already.
 */
export function installServicePrivacyKeys(keyFile: string | undefined, defaultKeyFile: string): PrivacyKeys {
  if (keyFile !== undefined) return installPrivacyKeys(keyFile);
  if (hasInstalledPrivacyKeys()) return privacyKeys();
  return installPrivacyKeys(ensurePrivacyKeyFile(defaultKeyFile));
}

/** Installs the keys of a key file for this process (each service at start, from its configuration). */
export function installPrivacyKeys(keys: PrivacyKeys | PrivacyKeyFile | string): PrivacyKeys {
  ephemeral = false;
  installed = keys instanceof PrivacyKeys ? keys : new PrivacyKeys(typeof keys === "string" ? readPrivacyKeyFile(keys) : keys);
  return installed;
}
