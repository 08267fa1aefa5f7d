import type { FastifyInstance } from "fastify";
import { credentialStillValid, principalOf, type createAuthenticate } from "../authenticate.js";
import type { ConsoleContext } from "../console-context.js";

/** How often the overview stream sends a frame. */
const FRAME_MS = 2_000;
/** Overview streams one account may hold open on one instance (a few browser tabs; each costs a timer and a frame every 2 s). */
export const MAX_STREAMS_PER_ACCOUNT = 8;

/**
 *   GET /api/v1/overview          live figures (last hour, aggregated here) and platform tiles
 *   GET /api/v1/overview/stream   the same as server-sent events, one `overview` frame every 2 s
 * Provincial accounts see their own province's tile only; the national figures are the hub's.
 * The stream ends at the first frame after its credential stops holding (signed out, expired,
 * password changed), as any other request would then be refused. One account holds at most
 * {@link MAX_STREAMS_PER_ACCOUNT} streams at once on an instance; the next is refused with 429.
 */
export function overviewRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  async function frame(scope: string) {
    const { tiles, sampledAtMs } = await ctx.platformTiles();
    return { at: new Date().toISOString(), figures: ctx.liveStats.figures(), platforms_at: new Date(sampledAtMs).toISOString(), platforms: scope === "national" ? tiles : tiles.filter((t) => t.id === scope) };
  }
  app.get("/api/v1/overview", { preHandler: authenticate }, async (req) => frame(principalOf(req).scope));
  const openStreams = new Map<string, number>();
  app.get("/api/v1/overview/stream", { preHandler: authenticate }, async (req, reply) => {
    const { scope, user } = principalOf(req);
    const open = openStreams.get(user) ?? 0;
    if (open >= MAX_STREAMS_PER_ACCOUNT) return reply.code(429).send({ error: `at most ${MAX_STREAMS_PER_ACCOUNT} overview streams per account at once; close one (a tab) first` });
    openStreams.set(user, open + 1);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    let closed = false;
    const send = async () => {
      if (closed) return;
      try {
        if (!(await credentialStillValid(ctx, req))) return stop();
        res.write(`event: overview\ndata: ${JSON.stringify(await frame(scope))}\n\n`);
      } catch (err) {
        ctx.deps.log.warn({ err }, "overview frame failed");
      }
    };
    const timer = setInterval(() => void send(), FRAME_MS);
    const stop = () => {
      if (closed) return;
      closed = true;
      const left = (openStreams.get(user) ?? 1) - 1;
      if (left > 0) openStreams.set(user, left);
      else openStreams.delete(user);
      clearInterval(timer);
      ctx.streams.delete(stop);
      res.end();
    };
    ctx.streams.add(stop);
    req.raw.on("close", stop);
    await send();
  });
}
