import type { FastifyInstance } from "fastify";
import { principalOf, type createAuthenticate } from "../authenticate.js";
import { claimView } from "../claim-view.js";
import { searchClaims, type ClaimFilter } from "../claim-search.js";
import type { ConsoleContext } from "../console-context.js";

type Query = Partial<Record<"status" | "treated" | "insured" | "institution" | "rule" | "min_fen" | "max_fen" | "from" | "to" | "page" | "page_size", string>>;

/**
 *   GET /api/v1/claims?status=&treated=&insured=&institution=&rule=&min_fen=&max_fen=&from=&to=&page=&page_size=
 * Claims in the caller's scope, newest first, paged on the server (page from 1, page_size ≤ 200).
 * Reads at most `scan_limit` claim records (no index yet): `truncated: true` says the bucket held
 * more, so the results are incomplete (`total` is a lower bound); `scanned` is how many were read.
 */
export function claimSearchRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.get<{ Querystring: Query }>("/api/v1/claims", { preHandler: authenticate }, async (req, reply) => {
    const q = req.query;
    const problems: { field: string; description: string }[] = [];
    const text = (name: keyof Query, pattern: RegExp, description: string): string | undefined => {
      const v = q[name];
      if (v === undefined || v === "") return undefined;
      if (!pattern.test(v)) problems.push({ field: name, description });
      return v;
    };
    const fen = (name: "min_fen" | "max_fen") => {
      const v = text(name, /^[0-9]{1,15}$/, "integer fen");
      return v === undefined || !/^[0-9]{1,15}$/.test(v) ? undefined : BigInt(v);
    };
    const time = (name: "from" | "to") => {
      const description = "an ISO date or instant";
      const v = text(name, /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, description);
      if (v === undefined || problems.some((p) => p.field === name)) return undefined;
      const ms = instantMs(v);
      // Shaped like a date but none (2026-13-45, 2026-02-30): refused, never read as "no bound".
      if (ms === undefined) problems.push({ field: name, description });
      return ms;
    };
    const filter: ClaimFilter = {
      ...opt("status", text("status", /^[A-Z_]{4,20}$/, "a status such as HELD or SETTLED")),
      ...opt("treated", text("treated", /^[0-9]{2,6}$/, "an admdvs prefix")),
      ...opt("insured", text("insured", /^[0-9]{2,6}$/, "an admdvs prefix")),
      ...opt("institution", text("institution", /^[\w-]{1,30}$/, "an institution code")),
      ...opt("rule", text("rule", /^[A-Z][0-9A-Z]{0,5}$/, "a rule id such as R1")),
      ...opt("minFen", fen("min_fen")),
      ...opt("maxFen", fen("max_fen")),
      ...opt("fromMs", time("from")),
      ...opt("toMs", time("to")),
    };
    const page = Number(text("page", /^[1-9][0-9]{0,5}$/, "a page number from 1") ?? "1");
    const pageSize = Number(text("page_size", /^([1-9][0-9]?|1[0-9]{2}|200)$/, "1..200") ?? "50");
    if (problems.length > 0) return reply.code(400).send({ error: "invalid filter", field_violations: problems });
    const result = await searchClaims(ctx.deps.store, principalOf(req), filter, page, pageSize, ctx.searchScanLimit);
    return { page, page_size: pageSize, total: result.total, truncated: result.truncated, scanned: result.scanned, scan_limit: ctx.searchScanLimit, claims: result.records.map((r) => claimView(r)) };
  });
}

function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A date (midnight in Beijing) or an instant, in ms since the epoch; undefined when the calendar has no such day or time. */
function instantMs(text: string): number | undefined {
  const [y = 0, m = 0, d = 0] = text.slice(0, 10).split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00+08:00` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
