import type { FastifyInstance } from "fastify";
import { provinceOf } from "@tongxing/domain";
import { readLedgerPeriod } from "@tongxing/ledger";
import { LedgerEntryKind, type LedgerEntry } from "@tongxing/proto";
import { buildClearingStatement } from "../../clearing/clearing-statement.js";
import { statementCsv, statementJson } from "../../clearing/statement-formats.js";
import { principalOf, type createAuthenticate } from "../authenticate.js";
import { scopeCovers } from "../account.js";
import type { ConsoleContext } from "../console-context.js";

const PERIOD = /^20[0-9]{2}(0[1-9]|1[0-2])$/;

/**
 * From the settlement ledger (settlements and reversals, amounts in fen):
 *   GET /api/v1/flows?period=yyyyMM                                 treatment × insured province cells: count, fen
 *   GET /api/v1/flows/claims?period=&treated=37&insured=32          a cell's claims (drill-down)
 *   GET /api/v1/clearing/{yyyyMM}?format=json|csv                   the period's clearing statement
 * Provincial accounts see the cells and pairs their province is in. Each request reads the
 * ledger entries stored around the period (readLedgerPeriod), not the whole stream.
 */
export function ledgerRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  async function entriesOf(period: string, scope: string): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for await (const e of readLedgerPeriod(ctx.nc, period)) if (e.period === period && scopeCovers(scope, e.mdtrtareaAdmvs, e.insuplcAdmdvs)) out.push(e);
    return out;
  }

  app.get<{ Querystring: { period?: string } }>("/api/v1/flows", { preHandler: authenticate }, async (req, reply) => {
    const period = req.query.period ?? "";
    if (!PERIOD.test(period)) return reply.code(400).send({ error: "period must be yyyyMM" });
    const cells = new Map<string, { treated: string; insured: string; count: number; fen: bigint }>();
    for (const e of await entriesOf(period, principalOf(req).scope)) {
      const treated = provinceOf(e.mdtrtareaAdmvs);
      const insured = provinceOf(e.insuplcAdmdvs);
      const c = cells.get(`${treated}-${insured}`) ?? { treated, insured, count: 0, fen: 0n };
      c.count += e.medfeeSumamt < 0n ? -1 : 1;
      c.fen += e.medfeeSumamt;
      cells.set(`${treated}-${insured}`, c);
    }
    return { period, cells: [...cells.values()].sort((a, b) => (a.treated + a.insured).localeCompare(b.treated + b.insured)).map((c) => ({ treated: c.treated, insured: c.insured, count: c.count, medfee_fen: c.fen.toString() })) };
  });

  app.get<{ Querystring: { period?: string; treated?: string; insured?: string } }>("/api/v1/flows/claims", { preHandler: authenticate }, async (req, reply) => {
    const { period = "", treated = "", insured = "" } = req.query;
    if (!PERIOD.test(period) || !/^[0-9]{2}$/.test(treated) || !/^[0-9]{2}$/.test(insured)) return reply.code(400).send({ error: "period (yyyyMM), treated and insured (2-digit provinces) are required" });
    const claims = (await entriesOf(period, principalOf(req).scope))
      .filter((e) => provinceOf(e.mdtrtareaAdmvs) === treated && provinceOf(e.insuplcAdmdvs) === insured)
      .map((e) => ({ claim_id: e.claimId, kind: e.kind === LedgerEntryKind.REVERSAL ? "reversal" : "settlement", medfee_fen: e.medfeeSumamt.toString(), fund_pay_fen: e.fundPaySumamt.toString() }));
    return { period, treated, insured, claims };
  });

  app.get<{ Params: { period: string }; Querystring: { format?: string } }>("/api/v1/clearing/:period", { preHandler: authenticate }, async (req, reply) => {
    const { period } = req.params;
    if (!PERIOD.test(period)) return reply.code(400).send({ error: "period must be yyyyMM" });
    const statement = buildClearingStatement(period, await entriesOf(period, principalOf(req).scope));
    if (req.query.format === "csv") return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="clearing-${period}.csv"`).send(statementCsv(statement));
    const closed = await ctx.deps.store.readClosedPeriod(period);
    const record = closed === undefined ? undefined : (JSON.parse(new TextDecoder().decode(closed)) as { root_hash?: string; closed_at?: string; closed_by?: string });
    const extra: Record<string, string> = record === undefined ? { closed: "no" } : { closed: "yes", chain_root: record.root_hash ?? "", closed_at: record.closed_at ?? "", closed_by: record.closed_by ?? "" };
    return reply.type("application/json; charset=utf-8").send(statementJson(statement, extra));
  });
}
