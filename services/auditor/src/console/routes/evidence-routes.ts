import type { FastifyInstance } from "fastify";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { Role } from "../account.js";
import { principalOf, requireRole, type createAuthenticate } from "../authenticate.js";
import { canSee, readRecord } from "../claim-view.js";
import type { ConsoleContext } from "../console-context.js";
import { toJson } from "@bufbuild/protobuf";
import { ClaimRecordSchema } from "@tongxing/proto";
import { buildEvidence, claimTimeline, maskedRecord } from "../evidence/claim-evidence.js";
import { findClaimBlocks } from "../evidence/find-claim-blocks.js";

const CLAIM_ID = /^C[0-9a-f]{24}$/;

/**
 *   GET /api/v1/claims/{id}/timeline   events with their chain block, hash and verification
 *   GET /api/v1/claims/{id}/evidence[?unmask=1]   the evidence file (attachment), checked offline by
 *                                      verify-evidence; with unmask (auditor role, chained) it holds the
 *                                      bytes of the message as received
 *   GET /api/v1/claims/{id}/record     the canonical record decoded (protobuf JSON), identifiers masked
 */
export function evidenceRoutes(app: FastifyInstance, ctx: ConsoleContext, authenticate: ReturnType<typeof createAuthenticate>): void {
  app.get<{ Params: { id: string } }>("/api/v1/claims/:id/timeline", { preHandler: authenticate }, async (req, reply) => {
    const record = CLAIM_ID.test(req.params.id) ? await readRecord(ctx.deps.store, req.params.id) : undefined;
    if (record === undefined || !canSee(principalOf(req), record)) return reply.code(404).send({ error: `claim ${req.params.id} not found` });
    const { blocks, truncated } = await findClaimBlocks(ctx.deps.js, record);
    const t = claimTimeline(record, blocks);
    return { claim_id: record.claimId, events: t.events, chain_only_events: t.chainOnly, scan_truncated: truncated };
  });
  app.get<{ Params: { id: string } }>("/api/v1/claims/:id/record", { preHandler: authenticate }, async (req, reply) => {
    const record = CLAIM_ID.test(req.params.id) ? await readRecord(ctx.deps.store, req.params.id) : undefined;
    if (record === undefined || !canSee(principalOf(req), record)) return reply.code(404).send({ error: `claim ${req.params.id} not found` });
    const json = toJson(ClaimRecordSchema, maskedRecord(record)) as Record<string, unknown>;
    return { claim_id: record.claimId, claim: json.claim ?? null, adjudication: json.adjudication ?? null, verdict: json.verdict ?? null, refusal: json.refusal ?? null, review: json.review ?? null };
  });
  app.get<{ Params: { id: string }; Querystring: { unmask?: string } }>("/api/v1/claims/:id/evidence", { preHandler: authenticate }, async (req, reply) => {
    const who = principalOf(req);
    const record = CLAIM_ID.test(req.params.id) ? await readRecord(ctx.deps.store, req.params.id) : undefined;
    if (record === undefined || !canSee(who, record)) return reply.code(404).send({ error: `claim ${req.params.id} not found` });
    const unmask = req.query.unmask === "1";
    if (unmask) {
      // The message's bytes hold personal identifiers in clear: an unmask, audited like the claim page's.
      if (!(await requireRole(req, reply, [Role.AUDITOR]))) return reply;
      await ctx.chain.append([claimEvent(record.claimId, record.status, record.events[0]?.traceId ?? "", Actor.REGULATOR, `${who.displayName} (${who.user}): evidence file with the message as received: unmasked personal identifiers`)]);
      ctx.deps.log.info({ claim_id: record.claimId, user: who.user }, "evidence file with the message as received exported");
    }
    const { blocks, truncated } = await findClaimBlocks(ctx.deps.js, record);
    return reply
      .header("content-disposition", `attachment; filename="evidence-${record.claimId}.json"`)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify(buildEvidence(record, blocks, who, truncated, unmask), null, 2));
  });
}
