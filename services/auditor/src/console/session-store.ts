import { createHash, randomBytes } from "node:crypto";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Principal } from "./account.js";

/** A signed-in browser: who, its CSRF token, and when it ends. */
export interface Session {
  readonly id: string;
  readonly principal: Principal;
  /** Sent back in the `x-csrf-token` header of every state-changing request. */
  readonly csrfToken: string;
  readonly expiresAtMs: number;
}

/**
 * Console sessions, kept in the NATS KV bucket `console_sessions`, so every auditor instance
 * knows every session (no sticky load balancing) and a restart signs nobody out. A session's key
 * is the SHA-256 of its id (the cookie), so the bucket holds nothing a browser could present.
 * The bucket's TTL is the session lifetime: NATS removes a session `ttlMs` after it was opened.
 * The sign-in limiter keeps its failure counts in the same bucket (`limit.…`).
 */
export interface SessionStore {
  open(principal: Principal): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  close(id: string): Promise<void>;
}

export const SESSION_BUCKET = "console_sessions";
/** Sessions last 8 hours. */
export const SESSION_TTL_MS = 8 * 3600_000;

const sessionKey = (id: string): string => `s.${createHash("sha256").update(id).digest("hex")}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Opens (creating when absent) the sessions bucket; idempotent, safe from several processes. */
export function openSessionBucket(nc: NatsConnection, replicas = 1, ttlMs = SESSION_TTL_MS): Promise<KV> {
  return new Kvm(nc).create(SESSION_BUCKET, { history: 1, replicas, ttl: ttlMs });
}

export function createSessionStore(kv: KV, ttlMs = SESSION_TTL_MS): SessionStore {
  return {
    async open(principal) {
      const session = { id: randomBytes(32).toString("base64url"), principal, csrfToken: randomBytes(24).toString("base64url"), expiresAtMs: Date.now() + ttlMs };
      await kv.put(sessionKey(session.id), encoder.encode(JSON.stringify({ principal, csrfToken: session.csrfToken, expiresAtMs: session.expiresAtMs })));
      return session;
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
      const e = await kv.get(sessionKey(id));
      if (e === null || e.operation !== "PUT") return undefined;
      const s = JSON.parse(decoder.decode(e.value)) as Omit<Session, "id">;
      // the bucket's TTL removes it too; this holds when the bucket was created with a longer one
      if (s.expiresAtMs <= Date.now()) return undefined;
      return { id, ...s };
    },
    async close(id) {
      if (/^[A-Za-z0-9_-]{20,100}$/.test(id)) await kv.delete(sessionKey(id));
    },
  };
}
