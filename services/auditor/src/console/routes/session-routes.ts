import type { FastifyInstance } from "fastify";
import { principalOf, SESSION_COOKIE, type createAuthenticate } from "../authenticate.js";
import type { ConsoleContext } from "../console-context.js";
import { passwordStamp } from "../password-hash.js";

function sessionBody(p: { user: string; displayName: string; role: string; scope: string }, csrfToken: string) {
  return { user: p.user, display_name: p.displayName, role: p.role, scope: p.scope, csrf_token: csrfToken };
}

/**
 *   POST   /api/v1/session   {"user","password"} → session cookie + CSRF token (429 when rate-limited);
 *                             the session the browser held before ends
 *   GET    /api/v1/session   who is signed in (and the CSRF token again, for a reloaded page)
 *   DELETE /api/v1/session   sign out
 */
export function sessionRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.post("/api/v1/session", async (req, reply) => {
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) return reply.code(415).send({ error: "send JSON" });
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) return reply.code(403).send({ error: "cross-origin sign-in refused" });
    const body = req.body as { user?: unknown; password?: unknown } | null;
    const user = typeof body?.user === "string" ? body.user : "";
    const password = typeof body?.password === "string" ? body.password : "";
    const waitMs = await ctx.limiter.retryAfterMs(user, req.ip);
    if (waitMs > 0) return reply.code(429).header("retry-after", String(Math.ceil(waitMs / 1000))).send({ error: "too many failed sign-ins; try again later" });
    const account = user === "" || password === "" ? undefined : await ctx.accounts.signIn(user, password);
    if (account === undefined) {
      await ctx.limiter.recordFailure(user, req.ip);
      return reply.code(401).send({ error: "wrong user or password" });
    }
    // The browser's previous session (another user's, or its own) ends: the cookie that named it
    // is replaced now, and a session nobody holds a cookie for should not stay valid for hours.
    const previous = req.cookies[SESSION_COOKIE];
    if (previous !== undefined) await ctx.sessions.close(previous);
    const session = await ctx.sessions.open({ user: account.user, displayName: account.displayName, role: account.role, scope: account.scope }, passwordStamp(account.passwordHash));
    void reply.setCookie(SESSION_COOKIE, session.id, { path: "/", httpOnly: true, sameSite: "strict", secure: ctx.secureCookies, maxAge: Math.floor((session.expiresAtMs - Date.now()) / 1000) });
    ctx.deps.log.info({ user: account.user, role: account.role, scope: account.scope }, "console sign-in");
    return sessionBody(session.principal, session.csrfToken);
  });
  app.get("/api/v1/session", { preHandler: authenticate }, async (req) => {
    const sid = req.cookies[SESSION_COOKIE];
    return sessionBody(principalOf(req), (sid === undefined ? undefined : await ctx.sessions.get(sid))?.csrfToken ?? "");
  });
  app.delete("/api/v1/session", { preHandler: authenticate }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid !== undefined) await ctx.sessions.close(sid);
    void reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { signed_out: true };
  });
}
