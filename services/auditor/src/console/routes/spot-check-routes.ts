import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { PROVINCE_SCOPE, Role } from "../account.js";
import { principalOf, requireRole, type createAuthenticate } from "../authenticate.js";
import type { ConsoleContext } from "../console-context.js";
import { drawSample } from "../spot-check/draw-sample.js";
import { spotCheckCandidates } from "../spot-check/spot-check-candidates.js";
import { createSpotCheck, listSpotChecks, newSpotCheckId, readSpotCheck, recordSpotCheckResult } from "../spot-check/spot-check-store.js";

const PERIOD = /^20[0-9]{2}(0[1-9]|1[0-2])$/;

/**
 * Spot checks (双随机一公开):
 *   POST /api/v1/spot-checks                {"province","period","sample_size","roster":[…],"seed"?}  inspector role
 *   GET  /api/v1/spot-checks                the published list: every draw in the caller's scope, with results
 *   GET  /api/v1/spot-checks/{id}           the published draw (seed, algorithm, candidate hash) and results
 *   POST /api/v1/spot-checks/{id}/redraw    draws again from the ledger with the published seed: same sample?
 *   POST /api/v1/spot-checks/{id}/results   {"claim_id","result"} against a sampled claim (inspector role)
 */
export function spotCheckRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.post("/api/v1/spot-checks", { preHandler: authenticate }, async (req, reply) => {
    if (!(await requireRole(req, reply, [Role.INSPECTOR]))) return reply;
    const who = principalOf(req);
    const b = req.body as { province?: unknown; period?: unknown; sample_size?: unknown; roster?: unknown; seed?: unknown } | null;
    const problems = [];
    if (typeof b?.province !== "string" || !PROVINCE_SCOPE.test(b.province)) problems.push({ field: "province", description: "a two-digit province code" });
    if (typeof b?.period !== "string" || !PERIOD.test(b.period)) problems.push({ field: "period", description: "yyyyMM" });
    if (typeof b?.sample_size !== "number" || !Number.isInteger(b.sample_size) || b.sample_size < 1 || b.sample_size > 1000) problems.push({ field: "sample_size", description: "an integer in 1..1000" });
    if (!Array.isArray(b?.roster) || b.roster.length < 2 || !b.roster.every((x) => typeof x === "string" && x.trim() !== "")) problems.push({ field: "roster", description: "at least two inspectors' names" });
    if (b?.seed !== undefined && (typeof b.seed !== "string" || !/^[\w-]{8,128}$/.test(b.seed))) problems.push({ field: "seed", description: "8–128 letters, digits, '_' or '-'" });
    if (problems.length > 0 || b === null) return reply.code(400).send({ error: "invalid spot check", field_violations: problems });
    const province = String(b.province);
    if (who.scope !== "national" && who.scope !== province) return reply.code(403).send({ error: `a ${who.scope} account draws for its own province only` });
    const period = String(b.period);
    const seed = typeof b.seed === "string" ? b.seed : randomBytes(16).toString("hex");
    const draw = drawSample(seed, await spotCheckCandidates(ctx.nc, province, period), Number(b.sample_size), (b.roster as string[]).map((x) => x.trim()));
    const check = { id: newSpotCheckId(period, province), province, period, draw, drawnBy: `${who.displayName} (${who.user})`, drawnAt: new Date().toISOString(), results: {} };
    await createSpotCheck(ctx.consoleKv, check);
    ctx.deps.log.info({ spot_check: check.id, user: who.user, seed, candidates: draw.candidateCount }, "spot check drawn");
    return reply.code(201).send(check);
  });

  app.get("/api/v1/spot-checks", { preHandler: authenticate }, async (req) => {
    const who = principalOf(req);
    return { spot_checks: (await listSpotChecks(ctx.consoleKv)).filter((c) => who.scope === "national" || who.scope === c.province) };
  });

  app.get<{ Params: { id: string } }>("/api/v1/spot-checks/:id", { preHandler: authenticate }, async (req, reply) => {
    const check = await readSpotCheck(ctx.consoleKv, req.params.id);
    const who = principalOf(req);
    if (check === undefined || (who.scope !== "national" && who.scope !== check.province)) return reply.code(404).send({ error: `spot check ${req.params.id} not found` });
    return check;
  });

  app.post<{ Params: { id: string } }>("/api/v1/spot-checks/:id/redraw", { preHandler: authenticate }, async (req, reply) => {
    const check = await readSpotCheck(ctx.consoleKv, req.params.id);
    const who = principalOf(req);
    if (check === undefined || (who.scope !== "national" && who.scope !== check.province)) return reply.code(404).send({ error: `spot check ${req.params.id} not found` });
    const again = drawSample(check.draw.seed, await spotCheckCandidates(ctx.nc, check.province, check.period), check.draw.sample.length, check.draw.roster, check.draw.inspectors.length);
    return {
      same_candidates: again.candidatesSha256 === check.draw.candidatesSha256,
      same_sample: JSON.stringify([again.sample, again.inspectors]) === JSON.stringify([check.draw.sample, check.draw.inspectors]),
      draw: again,
    };
  });

  app.post<{ Params: { id: string } }>("/api/v1/spot-checks/:id/results", { preHandler: authenticate }, async (req, reply) => {
    if (!(await requireRole(req, reply, [Role.INSPECTOR]))) return reply;
    const who = principalOf(req);
    const check = await readSpotCheck(ctx.consoleKv, req.params.id);
    if (check === undefined || (who.scope !== "national" && who.scope !== check.province)) return reply.code(404).send({ error: `spot check ${req.params.id} not found` });
    const b = req.body as { claim_id?: unknown; result?: unknown } | null;
    if (typeof b?.claim_id !== "string" || !check.draw.sample.includes(b.claim_id)) return reply.code(400).send({ error: "claim_id must be one of the sampled claims" });
    if (typeof b.result !== "string" || b.result.trim() === "" || b.result.length > 2000) return reply.code(400).send({ error: "result is required (1–2000 characters)" });
    return recordSpotCheckResult(ctx.consoleKv, check.id, b.claim_id, { result: b.result.trim(), by: `${who.displayName} (${who.user})`, at: new Date().toISOString() });
  });
}
