import { randomBytes } from "node:crypto";
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
 * Sessions of one auditor instance, in memory: a restart signs everyone out (the cookie names a
 * session this process no longer knows). Sessions end after `ttlMs` (default 8 hours).
 */
export interface SessionStore {
  open(principal: Principal): Session;
  get(id: string): Session | undefined;
  close(id: string): void;
}

export function createSessionStore(ttlMs = 8 * 3600_000): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    open(principal) {
      const now = Date.now();
      for (const [id, s] of sessions) if (s.expiresAtMs <= now) sessions.delete(id);
      const session = { id: randomBytes(32).toString("base64url"), principal, csrfToken: randomBytes(24).toString("base64url"), expiresAtMs: now + ttlMs };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      const s = sessions.get(id);
      if (s === undefined) return undefined;
      if (s.expiresAtMs <= Date.now()) {
        sessions.delete(id);
        return undefined;
      }
      return s;
    },
    close(id) {
      sessions.delete(id);
    },
  };
}
