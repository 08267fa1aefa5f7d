import type { FastifyInstance } from "fastify";
import { readReconciliations, summariseReconciliations } from "@tongxing/ledger";
import { principalOf, type createAuthenticate } from "../authenticate.js";
import type { ConsoleContext } from "../console-context.js";

const PERIOD = /^20[0-9]{2}(0[1-9]|1[0-2])$/;

/**
 *   GET /api/v1/reconciliation/{yyyyMM}   per platform and side: did it reconcile the period's days
 * From the outcomes the translator records for each Reconciliation call (3201 / 3202): per
 * platform of the routing table and side (treatment, insured) `matched`, `mismatched` (a day whose
 * latest call did not match) or `not-yet` (no call), with the days. Provincial accounts see their own platform.
 */
export function reconciliationRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.get<{ Params: { period: string } }>("/api/v1/reconciliation/:period", { preHandler: authenticate }, async (req, reply) => {
    const { period } = req.params;
    if (!PERIOD.test(period)) return reply.code(400).send({ error: "period must be yyyyMM" });
    const scope = principalOf(req).scope;
    const platforms = ctx.deps.routing
      .platforms()
      .map((p) => p.id)
      .filter((id) => scope === "national" || id === scope)
      .sort();
    const outcomes = (await readReconciliations(ctx.reconciliations, period)).filter((o) => platforms.includes(o.platform));
    return {
      period,
      platforms: summariseReconciliations(platforms, outcomes).map((s) => ({ platform: s.platform, side: s.side, status: s.status, days_matched: s.daysMatched, days_mismatched: s.daysMismatched, last_at: s.lastAt })),
      calls: outcomes.map((o) => ({ platform: o.platform, side: o.side, date: o.date, call: o.call, matched: o.matched, hub_count: o.hubCount, differences: o.differences, at: o.at })),
    };
  });
}
