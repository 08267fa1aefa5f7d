import type { FastifyInstance, FastifyReply } from "fastify";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import { ReviewError } from "../../review/decide-held-claim.js";
import { Role } from "../account.js";
import { principalOf, requireRole, type createAuthenticate } from "../authenticate.js";
import { canSee, claimView, heldAtMs, readRecord } from "../claim-view.js";
import type { ConsoleContext } from "../console-context.js";
import { decideAsReviewer, readPendingApproval } from "../four-eyes-decision.js";
import { receivedView } from "../received-view.js";

const CLAIM_ID = /^C[0-9a-f]{24}$/;

async function notFound(reply: FastifyReply, claimId: string) {
  return reply.code(404).send({ error: `claim ${claimId} not found` });
}

/**
 *   GET  /api/v1/review-queue              held claims in the caller's scope, oldest first, with findings and age
 *   GET  /api/v1/claims/{id}[?unmask=1]    one claim with its message as received decoded for display; unmask
 *                                          (auditor role) is itself written to the audit chain
 *   POST /api/v1/claims/{id}/decision      {"decision":"approve"|"reject","reason":"…"} (reviewer role)
 */
export function reviewRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  const { deps } = ctx;
  app.get("/api/v1/review-queue", { preHandler: authenticate }, async (req) => {
    const who = principalOf(req);
    const ids = await deps.store.heldClaimIds();
    const records = (await Promise.all(ids.slice(0, 2000).map((id) => readRecord(deps.store, id)))).filter((r): r is ClaimRecord => r !== undefined && (r.status === ClaimStatus.HELD || r.status === ClaimStatus.REVERSAL_HELD) && canSee(who, r)); // not those decided, finishing; refused reversals too
    const now = Date.now();
    const held = await Promise.all(
      records
        .map((r) => ({ r, at: heldAtMs(r) ?? now }))
        .sort((a, b) => a.at - b.at)
        .map(async ({ r, at }) => ({ ...claimView(r), held_at: new Date(at).toISOString(), age_ms: now - at, pending_approval: (await readPendingApproval(ctx.consoleKv, r.claimId)) ?? null })),
    );
    return { held, total: held.length, four_eyes_above_fen: ctx.fourEyesAboveFen.toString() };
  });

  app.get<{ Params: { id: string }; Querystring: { unmask?: string } }>("/api/v1/claims/:id", { preHandler: authenticate }, async (req, reply) => {
    const who = principalOf(req);
    const claimId = req.params.id;
    const record = CLAIM_ID.test(claimId) ? await readRecord(deps.store, claimId) : undefined;
    if (record === undefined || !canSee(who, record)) return notFound(reply, claimId);
    const unmask = req.query.unmask === "1";
    if (unmask) {
      if (!(await requireRole(req, reply, [Role.AUDITOR]))) return reply;
      await ctx.chain.append([claimEvent(claimId, record.status, record.events[0]?.traceId ?? "", Actor.REGULATOR, `${who.displayName} (${who.user}): unmasked personal identifiers`)]);
      deps.log.info({ claim_id: claimId, user: who.user }, "personal identifiers unmasked in the console");
    }
    return { ...claimView(record, unmask), received: receivedView(record, unmask), pending_approval: (await readPendingApproval(ctx.consoleKv, claimId)) ?? null };
  });

  app.post<{ Params: { id: string } }>("/api/v1/claims/:id/decision", { preHandler: authenticate }, async (req, reply) => {
    if (!(await requireRole(req, reply, [Role.REVIEWER]))) return reply;
    const claimId = req.params.id;
    if (!CLAIM_ID.test(claimId)) return notFound(reply, claimId);
    const body = req.body as { decision?: unknown; reason?: unknown } | null;
    const problems = [];
    if (body?.decision !== "approve" && body?.decision !== "reject") problems.push({ field: "decision", description: 'must be "approve" or "reject"' });
    if (typeof body?.reason !== "string" || body.reason.trim() === "" || body.reason.length > 1000) problems.push({ field: "reason", description: "is required (1–1000 characters)" });
    if (problems.length > 0 || body === null) return reply.code(400).send({ error: "invalid decision", field_violations: problems });
    try {
      const outcome = await decideAsReviewer(ctx, principalOf(req), claimId, body.decision === "approve", String(body.reason).trim());
      if (outcome.kind === "awaiting-confirmation") return reply.code(202).send({ claim_id: claimId, status: "HELD", pending_approval: outcome.pending });
      return claimView(outcome.record);
    } catch (err) {
      if (err instanceof ReviewError) return reply.code(err.status).send({ error: err.message });
      throw err;
    }
  });
}
