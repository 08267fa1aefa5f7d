import { createHash, randomBytes } from "node:crypto";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Principal } from "./account.js";
import type { KvMirror } from "./kv-mirror.js";

/** A signed-in browser: who, its CSRF token, and when it ends. */
export interface Session {
  readonly id: string;
  readonly principal: Principal;
  /** Sent back in the `x-csrf-token` header of every state-changing request. */
  readonly csrfToken: string;
  readonly expiresAtMs: number;
  /** The account's `passwordStamp()` at sign-in: a new password ends the session. */
  readonly passwordStamp: string;
}

/**
 * Console sessions, kept in the NATS KV bucket `console_sessions`, so every auditor instance
 * knows every session (no sticky load balancing) and a restart signs nobody out. A session's key
 * is the SHA-256 of its id (the cookie), so the bucket holds nothing a browser could present.
 * The bucket's TTL is the session lifetime: NATS removes a session `ttlMs` after it was opened.
 * The sign-in limiter keeps its failure counts in the same bucket (`limit.…`).
 */
export interface SessionStore {
  open(principal: Principal, passwordStamp: string): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  close(id: string): Promise<void>;
}

export const SESSION_BUCKET = "console_sessions";
/** Sessions last 8 hours. */
export const SESSION_TTL_MS = 8 * 3600_000;

/** The sessions' keys (a KV key filter; the sign-in limiter's `limit.…` keys are not sessions). */
export const SESSION_KEYS = "s.>";
const sessionKey = (id: string): string => `s.${createHash("sha256").update(id).digest("hex")}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opens (creating when absent) the sessions bucket; idempotent, safe from several processes. */
export function openSessionBucket(nc: NatsConnection, replicas = 1, ttlMs = SESSION_TTL_MS): Promise<KV> {
  return new Kvm(nc).create(SESSION_BUCKET, { history: 1, replicas, ttl: ttlMs });
}

/**
 * `mirror` (the console's request path): sessions read from a watched copy of their keys, so a
 * request's cookie is checked without a NATS round trip; without it every read goes to the bucket.
 */
export function createSessionStore(kv: KV, ttlMs = SESSION_TTL_MS, mirror?: KvMirror): SessionStore {
  return {
    async open(principal, passwordStamp) {
      const session = { id: randomBytes(32).toString("base64url"), principal, csrfToken: randomBytes(24).toString("base64url"), expiresAtMs: Date.now() + ttlMs, passwordStamp };
      const value = encoder.encode(JSON.stringify({ principal, csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs, passwordStamp }));
      await kv.put(sessionKey(session.id), value);
      mirror?.put(sessionKey(session.id), value);
      return session;
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
      let value: Uint8Array | undefined;
      if (mirror !== undefined) value = await mirror.read(sessionKey(id));
      else {
        const e = await kv.get(sessionKey(id));
        value = e === null || e.operation !== "PUT" ? undefined : e.value;
      }
      if (value === undefined) return undefined;
      const s = JSON.parse(decoder.decode(value)) as Omit<Session, "id">;
      // the bucket's TTL removes it too; this holds when the bucket was created with a longer one
      if (s.expiresAtMs <= Date.now()) return undefined;
      return { id, ...s };
    },
    async close(id) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return;
      mirror?.remove(sessionKey(id));
      await kv.delete(sessionKey(id));
    },
  };
}
