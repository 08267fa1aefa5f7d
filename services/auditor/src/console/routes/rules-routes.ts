import type { FastifyInstance } from "fastify";
import { FindingSeverity } from "@tongxing/proto";
import { principalOf, type createAuthenticate } from "../authenticate.js";
import { scanClaimRecords } from "../claim-search.js";
import type { ConsoleContext } from "../console-context.js";
import { ruleStatistics } from "../rule-statistics.js";

/** GET /api/v1/rules: the catalogue with hit counts, holds and overturn rates over the caller's claims. */
export function rulesRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.get("/api/v1/rules", { preHandler: authenticate }, async (req) => {
    const scan = await scanClaimRecords(ctx.deps.store, principalOf(req), ctx.searchScanLimit);
    return {
      claims_read: scan.records.length,
      truncated: scan.truncated,
      scanned: scan.scanned,
      scan_limit: ctx.searchScanLimit,
      rules: ruleStatistics(scan.records).map((s) => ({ rule_id: s.ruleId, severity: FindingSeverity[s.severity] ?? String(s.severity), description: s.description, hits: s.hits, holds: s.holds, decided: s.decided, overturned: s.overturned, overturn_rate: s.overturnRate })),
    };
  });
}
