import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { createAuthenticate } from "./authenticate.js";
import type { ConsoleContext } from "./console-context.js";
import { claimSearchRoutes } from "./routes/claim-search-routes.js";
import { evidenceRoutes } from "./routes/evidence-routes.js";
import { ledgerRoutes } from "./routes/ledger-routes.js";
import { overviewRoutes } from "./routes/overview-routes.js";
import { periodCloseRoutes } from "./routes/period-close-routes.js";
import { reconciliationRoutes } from "./routes/reconciliation-routes.js";
import { rulesRoutes } from "./routes/rules-routes.js";
import { spotCheckRoutes } from "./routes/spot-check-routes.js";
import { reviewRoutes } from "./routes/review-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";
import { setSecurityHeaders } from "./security-headers.js";

const UI_DIR = fileURLToPath(new URL("../../console-ui/", import.meta.url));
const ECHARTS_DIR = dirname(createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js"));

/**
 * The regulators' console and its JSON API on one Fastify server: the pages under /console/
 * (static files, ECharts served from node_modules), the API under /api/v1/ behind accounts.
 */
export async function createConsoleServer(ctx: ConsoleContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifyStatic, { root: UI_DIR, prefix: "/console/", index: ["index.html"] });
  await app.register(fastifyStatic, { root: ECHARTS_DIR, prefix: "/console/vendor/", decorateReply: false, allowedPath: (path) => path === "/echarts.min.js" });
  // Server-Timing: how long the console spent on the request (from its arrival to this hook), so a
  // caller can tell its own wait (network, its event loop) from the console's.
  const arrivedAt = new WeakMap<object, number>();
  app.addHook("onRequest", async (req) => void arrivedAt.set(req, performance.now()));
  app.addHook("onSend", async (req, reply, payload) => {
    const t0 = arrivedAt.get(req);
    if (t0 !== undefined) void reply.header("server-timing", `app;dur=${(performance.now() - t0).toFixed(1)}`);
    setSecurityHeaders(req, reply);
    return payload;
  });
  app.setErrorHandler(async (err, _req, reply) => {
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: err instanceof Error ? err.message : "bad request" });
    ctx.deps.log.error({ err }, "console request failed");
    return reply.code(500).send({ error: "internal error; the hub logged the cause" });
  });
  app.setNotFoundHandler(async (_req, reply) => reply.code(404).send({ error: "no such endpoint" }));
  app.get("/", async (_req, reply) => reply.redirect("/console/"));
  const authenticate = createAuthenticate(ctx);
  sessionRoutes(app, ctx, authenticate);
  reviewRoutes(app, ctx, authenticate);
  evidenceRoutes(app, ctx, authenticate);
  claimSearchRoutes(app, ctx, authenticate);
  overviewRoutes(app, ctx, authenticate);
  ledgerRoutes(app, ctx, authenticate);
  periodCloseRoutes(app, ctx, authenticate);
  reconciliationRoutes(app, ctx, authenticate);
  rulesRoutes(app, ctx, authenticate);
  spotCheckRoutes(app, ctx, authenticate);
  app.addHook("preClose", async () => {
    for (const stop of [...ctx.streams]) stop();
  });
  return app;
}
