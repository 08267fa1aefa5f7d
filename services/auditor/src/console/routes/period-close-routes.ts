import type { FastifyInstance } from "fastify";
import { closePeriod, ClosePeriodError, ClosePeriodRefusal } from "../../clearing/close-period.js";
import { Role } from "../account.js";
import { principalOf, requireRole, type createAuthenticate } from "../authenticate.js";
import type { ConsoleContext } from "../console-context.js";

const PERIOD = /^20[0-9]{2}(0[1-9]|1[0-2])$/;

/**
 *   POST /api/v1/clearing/{yyyyMM}/close   {"confirm":"yyyyMM"}   closes the period (national auditor)
 * What `npm run clearing` does: verifies the audit chain and records the period's statement totals
 * with the chain's root hash, once. Answers the root; a second close answers 409 naming the root
 * the period was closed with. The body must repeat the period (a typed confirmation).
 */
export function periodCloseRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.post<{ Params: { period: string }; Body: { confirm?: unknown } | null }>("/api/v1/clearing/:period/close", { preHandler: authenticate }, async (req, reply) => {
    if (!(await requireRole(req, reply, [Role.AUDITOR]))) return reply;
    const who = principalOf(req);
    if (who.scope !== "national") return reply.code(403).send({ error: "closing a period needs a national account" });
    const { period } = req.params;
    if (!PERIOD.test(period)) return reply.code(400).send({ error: "period must be yyyyMM" });
    if (req.body?.confirm !== period) return reply.code(400).send({ error: `confirm: repeat the period ("${period}") to close it` });
    try {
      const closed = await closePeriod(ctx.nc, period, { closedBy: `${who.displayName} (${who.user})` });
      ctx.deps.log.info({ period, user: who.user, root: closed.rootHashHex }, "clearing period closed from the console");
      return { period, closed: "yes", chain_root: closed.rootHashHex, chain_blocks: closed.chainBlocks, closed_at: closed.closedAt, entries: closed.statement.entries, total_fen: closed.statement.totalFen.toString() };
    } catch (err) {
      if (!(err instanceof ClosePeriodError)) throw err;
      const status = err.refusal === ClosePeriodRefusal.BAD_PERIOD ? 400 : 409;
      return reply.code(status).send({ error: err.message, refusal: err.refusal, ...(err.existingRootHashHex === undefined ? {} : { chain_root: err.existingRootHashHex }) });
    }
  });
}
