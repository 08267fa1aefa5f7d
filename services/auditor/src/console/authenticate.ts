import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, Role } from "./account.js";
import type { ConsoleContext } from "./console-context.js";
import { passwordStamp } from "./password-hash.js";
import type { Session } from "./session-store.js";

export const SESSION_COOKIE = "tx_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A presented secret (a header) against the expected one, in time that does not depend on where they differ. */
function sameSecret(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== "string") return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a request presents: a bearer token (scripts), else the session cookie (the browser), else nothing. */
type Credential =
  | { readonly kind: "bearer"; readonly principal: Principal | undefined }
  | { readonly kind: "session"; readonly session: Session | undefined; readonly principal?: Principal; readonly accountDisabled?: boolean }
  | { readonly kind: "none" };

/**
 * Reads the request's credential as it stands now. A session is valid while it is open (not
 * signed out, not expired) and its account still exists with the password it was opened with;
 * it acts with the account's current role and scope. Accounts, tokens and sessions are read from
 * the auditor's memory copy (kv-mirror.ts): no NATS round trip.
 */
async function readCredential(ctx: ConsoleContext, req: FastifyRequest): Promise<Credential> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer (\S+)$/.exec(auth);
    const account = m?.[1] === undefined ? undefined : await ctx.accounts.byToken(m[1]);
    return { kind: "bearer", principal: account === undefined ? undefined : { user: account.user, displayName: account.displayName, role: account.role, scope: account.scope } };
  }
  const sid = req.cookies[SESSION_COOKIE];
  if (sid === undefined) return { kind: "none" };
  const session = await ctx.sessions.get(sid);
  if (session === undefined) return { kind: "session", session: undefined };
  const account = await ctx.accounts.get(session.principal.user);
  if (account === undefined) return { kind: "session", session: undefined, accountDisabled: true };
  if (session.passwordStamp !== passwordStamp(account.passwordHash)) return { kind: "session", session: undefined };
  return { kind: "session", session, principal: { user: account.user, displayName: account.displayName, role: account.role, scope: account.scope } };
}

/**
 * The API's gate: a bearer token (scripts) or the session cookie (the browser); anonymous → 401.
 * A cookie-authenticated state-changing request must carry the session's CSRF token in
 * `x-csrf-token` (403 otherwise), and one from another origin (its Origin header) is refused too;
 * bearer callers send no ambient credentials and need none.
 */
export function createAuthenticate(ctx: ConsoleContext) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const origin = req.headers.origin;
    if (req.headers.authorization === undefined && !SAFE_METHODS.has(req.method) && origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
      return void (await reply.code(403).send({ error: "cross-origin request refused" }));
    }
    const credential = await readCredential(ctx, req);
    switch (credential.kind) {
      case "bearer":
        if (credential.principal === undefined) return void (await reply.code(401).send({ error: "unknown or malformed bearer token" }));
        req.principal = credential.principal;
        return;
      case "session":
        if (credential.accountDisabled === true) return void (await reply.code(401).send({ error: "this account is disabled; sign in with another" }));
        if (credential.session === undefined || credential.principal === undefined) return void (await reply.code(401).send({ error: "session ended (signed out, expired or the password changed); sign in again" }));
        if (!SAFE_METHODS.has(req.method) && !sameSecret(req.headers[CSRF_HEADER], credential.session.csrfToken)) {
          return void (await reply.code(403).send({ error: `missing or wrong ${CSRF_HEADER} header` }));
        }
        req.principal = credential.principal;
        return;
      case "none":
        return void (await reply.code(401).send({ error: "sign in first (POST /api/v1/session) or send a bearer token" }));
      default: {
        const unknown: never = credential;
        throw new Error(`unknown credential ${String(unknown)}`);
      }
    }
  };
}

/**
 * Whether the credential that opened a long-lived answer (the overview's event stream) still
 * holds: false once the session is signed out, expires or its password changes, or the token
 * no longer names an account.
 */
export async function credentialStillValid(ctx: ConsoleContext, req: FastifyRequest): Promise<boolean> {
  const credential = await readCredential(ctx, req);
  return credential.kind === "bearer" ? credential.principal !== undefined : credential.kind === "session" && credential.session !== undefined;
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
