import type { ChainAppender } from "../audit-chain/chain-appender.js";
import type { KV } from "@nats-io/kv";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import type { SettleDeps } from "../settle-claim.js";
import { decideHeldClaim, ReviewError } from "../review/decide-held-claim.js";
import type { Principal } from "./account.js";
import { canSee, claimAmountFen, readRecord } from "./claim-view.js";
import { pendingApprovalKey } from "./console-bucket.js";

/** A first approval of a claim above the four-eyes amount, waiting for a second reviewer. */
export interface PendingApproval {
  readonly user: string;
  readonly displayName: string;
  readonly reason: string;
  /** ISO instant. */
  readonly at: string;
}

export type DecisionOutcome =
  | { readonly kind: "decided"; readonly record: ClaimRecord }
  | { readonly kind: "awaiting-confirmation"; readonly pending: PendingApproval };

export interface DecisionContext {
  readonly deps: SettleDeps;
  /** The audit chain: a first approval is written there with who and when. */
  readonly chain: ChainAppender;
  readonly consoleKv: KV;
  /** Approvals of claims above this many fen need a second, different reviewer. */
  readonly fourEyesAboveFen: bigint;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function readPendingApproval(kv: KV, claimId: string): Promise<PendingApproval | undefined> {
  const e = await kv.get(pendingApprovalKey(claimId));
  return e === null || e.operation !== "PUT" ? undefined : (JSON.parse(decoder.decode(e.value)) as PendingApproval);
}

/**
 * A reviewer's decision on a held claim. A rejection, or an approval at or below the four-eyes
 * amount, decides at once (through decideHeldClaim). Above it, the first approval is recorded
 * (in the console bucket and, with who and when, in the audit chain) and the claim stays held
 * until a different reviewer confirms; the same reviewer confirming is refused (409).
 */
export async function decideAsReviewer(ctx: DecisionContext, who: Principal, claimId: string, approve: boolean, reason: string): Promise<DecisionOutcome> {
  const record = await readRecord(ctx.deps.store, claimId);
  if (record === undefined || !canSee(who, record)) throw new ReviewError(404, `claim ${claimId} not found`);
  const reviewer = `${who.displayName} (${who.user})`;
  // A reversal its insured platform refused is decided like a held claim (four eyes included).
  if (record.status !== ClaimStatus.HELD && record.status !== ClaimStatus.REVERSAL_HELD) {
    // Decided already: the same decision again (a retry) finishes it and answers the same
    // outcome; any other is 409 (decideHeldClaim tells the two apart).
    if (record.review === undefined) throw new ReviewError(409, `claim ${claimId} is not held for review`);
    const decided = await decideHeldClaim(ctx.deps, { claimId, reviewer, approve, reason });
    await ctx.consoleKv.delete(pendingApprovalKey(claimId));
    return { kind: "decided", record: decided };
  }
  const traceId = record.events[0]?.traceId ?? "";
  const pending = await readPendingApproval(ctx.consoleKv, claimId);
  if (!approve || claimAmountFen(record) <= ctx.fourEyesAboveFen) {
    const decided = await decideHeldClaim(ctx.deps, { claimId, reviewer, approve, reason });
    if (pending !== undefined) await ctx.consoleKv.delete(pendingApprovalKey(claimId));
    return { kind: "decided", record: decided };
  }
  if (pending === undefined) {
    const first: PendingApproval = { user: who.user, displayName: who.displayName, reason, at: new Date().toISOString() };
    try {
      await ctx.consoleKv.create(pendingApprovalKey(claimId), encoder.encode(JSON.stringify(first)));
    } catch (err) {
      // Another reviewer approved first: this one confirms. Anything else (the bucket unreachable)
      // is a 503, never a loop.
      if ((await readPendingApproval(ctx.consoleKv, claimId)) === undefined) throw new ReviewError(503, "the first approval could not be recorded; try again", { cause: err });
      return decideAsReviewer(ctx, who, claimId, approve, reason);
    }
    await ctx.chain.append([claimEvent(claimId, record.status, traceId, Actor.REGULATOR, `${reviewer}: first approval, awaiting a second reviewer: ${reason}`.slice(0, 500))]);
    return { kind: "awaiting-confirmation", pending: first };
  }
  if (pending.user === who.user) throw new ReviewError(409, "four eyes: a second, different reviewer must confirm this approval");
  const decided = await decideHeldClaim(ctx.deps, {
    claimId,
    reviewer: `${reviewer}, confirming ${pending.displayName} (${pending.user})`,
    approve: true,
    reason: `${reason} | first approval ${pending.at}: ${pending.reason}`.slice(0, 1000),
  });
  await ctx.consoleKv.delete(pendingApprovalKey(claimId));
  return { kind: "decided", record: decided };
}
