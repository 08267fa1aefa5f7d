import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, Role } from "./account.js";
import type { ConsoleContext } from "./console-context.js";

export const SESSION_COOKIE = "tx_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The API's gate: a bearer token (scripts) or the session cookie (the browser); anonymous → 401.
 * A cookie-authenticated state-changing request must carry the session's CSRF token in
 * `x-csrf-token` (403 otherwise), and one from another origin (its Origin header) is refused too;
 * bearer callers send no ambient credentials and need none.
 */
export function createAuthenticate(ctx: ConsoleContext) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer (\S+)$/.exec(auth);
      const account = m?.[1] === undefined ? undefined : await ctx.accounts.byToken(m[1]);
      if (account === undefined) return void (await reply.code(401).send({ error: "unknown or malformed bearer token" }));
      req.principal = { user: account.user, displayName: account.displayName, role: account.role, scope: account.scope };
      return;
    }
    const origin = req.headers.origin;
    if (!SAFE_METHODS.has(req.method) && origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
      return void (await reply.code(403).send({ error: "cross-origin request refused" }));
    }
    const sid = req.cookies[SESSION_COOKIE];
    const session = sid === undefined ? undefined : await ctx.sessions.get(sid);
    if (session === undefined) return void (await reply.code(401).send({ error: "sign in first (POST /api/v1/session) or send a bearer token" }));
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      return void (await reply.code(403).send({ error: `missing or wrong ${CSRF_HEADER} header` }));
    }
    // The account as it is now: a disabled account's sessions end at once, a changed role or
    // scope applies at once (accounts are read from memory: no NATS round trip).
    const account = await ctx.accounts.get(session.principal.user);
    if (account === undefined) return void (await reply.code(401).send({ error: "this account is disabled; sign in with another" }));
    req.principal = { user: account.user, displayName: account.displayName, role: account.role, scope: account.scope };
  };
}

/** The caller, known to be authenticated (the gate ran). */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === undefined) throw new Error("route reached without authentication");
  return req.principal;
}

/** Sends 403 and returns false unless the caller has one of the roles. */
export async function requireRole(req: FastifyRequest, reply: FastifyReply, roles: readonly Role[]): Promise<boolean> {
  if (roles.includes(principalOf(req).role)) return true;
  await reply.code(403).send({ error: `this needs the role ${roles.join(" or ")}` });
  return false;
}
