import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimKind, ClaimStatus, ConnectResponseSchema, SettlementResultSchema, type Claim } from "@tongxing/proto";
import { checkAdjudication } from "./adjudication-checks.js";
import { linkReplySignatureProblem } from "./link-reply-signature.js";
import type { AdjudicatorSession, Answer } from "./adjudicator-session.js";
import type { CaseRecorder, KitCase } from "./case-outcome.js";
import type { LinkConnection } from "./link-connection.js";

type AdjudicatorCase = KitCase<AdjudicatorSession>;

/** Delivers `claim` and returns the answer, failing `requirement` when none comes in the reply wait. */
async function deliverAndAwait(s: AdjudicatorSession, rec: CaseRecorder, claim: Claim, requirement: string, attempt = 1): Promise<Answer | undefined> {
  const conn = await s.link();
  const deliveryId = s.deliverClaim(conn, claim, attempt);
  rec.sent.push(`claim ${claim.claimId} (kind ${claim.kind}, attempt ${attempt}) as delivery ${deliveryId}`);
  const answer = await s.answerTo(conn, deliveryId, s.settings.replyWaitMs);
  if (answer === undefined) rec.fail(requirement, `no answer to delivery ${deliveryId} within ${s.settings.replyWaitMs} ms`);
  else rec.received.push(`${answer.frame.msg.case ?? "empty"} for ${deliveryId} after ${Math.round(answer.elapsedMs)} ms`);
  return answer;
}

function adjudicateCase(id: string, label: string, kind: ClaimKind): AdjudicatorCase {
  return {
    id,
    title: `A valid ${label} claim is adjudicated: restated totals, amount identities I1–I4, code tables`,
    requirements: ["LINK-03", "ADJ-01", "ADJ-02", "ADJ-03", "ADJ-04", "ADJ-05", "ADJ-06", "ADJ-07", "ADJ-12"],
    async run(s, rec) {
      const claim = s.claim(kind);
      const answer = await deliverAndAwait(s, rec, claim, "LINK-03");
      if (answer === undefined) return;
      const a = s.adjudicationOf(answer, claim, rec, "ADJ-12");
      if (rec.failures.length > 0) return;
      if (a === undefined) return rec.fail("LINK-03", `a valid ${label} claim was answered with ${answer.frame.msg.case ?? "nothing"}, not an adjudication`);
      checkAdjudication(claim, a, rec);
    },
  };
}

/** Waits for the platform to come back after a cut: a new stream that starts with Hello (LINK-02). */
async function awaitReconnect(s: AdjudicatorSession, rec: CaseRecorder): Promise<LinkConnection | undefined> {
  try {
    const start = await s.acceptStream(s.settings.reconnectWindowMs);
    rec.received.push("a new stream");
    if (start.helloProblem !== undefined) rec.fail("LINK-02", `the new stream: ${start.helloProblem}`);
    return start.conn;
  } catch {
    rec.fail("LINK-02", `no new stream within ${s.settings.reconnectWindowMs} ms after the cut`);
    return undefined;
  }
}

function settledResult(claim: Claim, status: ClaimStatus) {
  return create(SettlementResultSchema, { claimId: claim.claimId, status, msgid: claim.msgid, infno: claim.infno });
}

/** Every adjudicator case, in run order. */
export const ADJUDICATOR_CASES: readonly AdjudicatorCase[] = [
  {
    id: "hello-first",
    title: "The platform connects with its certificate and opens with Hello",
    requirements: ["LINK-01", "TLS-01"],
    async run(s, rec) {
      const first = s.starts[0];
      if (first === undefined) return rec.fail("LINK-01", "the platform never opened a stream");
      const { identity } = first.conn;
      rec.received.push(`stream from platform "${identity.platform}", identified by its ${identity.via === "certificate" ? "client certificate" : "x-tongxing-platform header"}`);
      if (identity.via === "header" && identity.problem === undefined) rec.received.push("TLS-01 not verified: a plaintext run (--insecure)");
      if (first.helloProblem !== undefined) rec.fail("LINK-01", first.helloProblem);
      if (first.conn.identity.problem !== undefined) rec.fail("TLS-01", first.conn.identity.problem);
    },
  },
  adjudicateCase("adjudicate-outpatient", "outpatient", ClaimKind.OUTPATIENT),
  adjudicateCase("adjudicate-inpatient", "inpatient", ClaimKind.INPATIENT),
  adjudicateCase("adjudicate-pharmacy", "pharmacy", ClaimKind.PHARMACY),
  {
    id: "answer-deadline",
    title: "A delivery is answered within the answer deadline",
    requirements: ["ADJ-08"],
    async run(s, rec) {
      const answer = await deliverAndAwait(s, rec, s.claim(ClaimKind.OUTPATIENT), "ADJ-08");
      if (answer !== undefined && answer.elapsedMs > s.settings.answerDeadlineMs) {
        rec.fail("ADJ-08", `answered after ${answer.elapsedMs.toFixed(1)} ms; the deadline is ${s.settings.answerDeadlineMs} ms`);
      }
    },
  },
  {
    id: "same-claim-twice",
    title: "The same claim delivered twice gets the same answer, not a second settlement",
    requirements: ["ADJ-09"],
    async run(s, rec) {
      const claim = s.claim(ClaimKind.INPATIENT);
      const first = s.adjudicationOf(await deliverAndAwait(s, rec, claim, "ADJ-09"), claim, rec, "ADJ-09");
      const second = s.adjudicationOf(await deliverAndAwait(s, rec, claim, "ADJ-09", 2), claim, rec, "ADJ-09");
      if (first === undefined || second === undefined) return rec.fail("ADJ-09", "both deliveries must be answered with an adjudication");
      rec.check(second.setlId === first.setlId, "ADJ-09", `the redelivery was settled again: setl_id "${second.setlId}", first "${first.setlId}"`);
      rec.check(
        second.fundPaySumamt === first.fundPaySumamt && second.psnCashPay === first.psnCashPay && second.acctPay === first.acctPay,
        "ADJ-09",
        `the redelivery's amounts differ (fund ${second.fundPaySumamt} vs ${first.fundPaySumamt}, acct ${second.acctPay} vs ${first.acctPay}, cash ${second.psnCashPay} vs ${first.psnCashPay})`,
      );
    },
  },
  {
    id: "out-of-order-deliveries",
    title: "Three deliveries sent at once, attempts out of order: each answered by its delivery id",
    requirements: ["LINK-03"],
    async run(s, rec) {
      const conn = await s.link();
      const claims = [s.claim(ClaimKind.PHARMACY), s.claim(ClaimKind.OUTPATIENT), s.claim(ClaimKind.INPATIENT)];
      const ids = claims.map((c, i) => {
        const id = s.deliverClaim(conn, c, [3, 1, 2][i]);
        rec.sent.push(`claim ${c.claimId} as delivery ${id}`);
        return id;
      });
      for (let i = ids.length - 1; i >= 0; i--) {
        const answer = await s.answerTo(conn, ids[i] as string, s.settings.replyWaitMs);
        const claim = claims[i] as Claim;
        if (answer === undefined) {
          rec.fail("LINK-03", `no answer to delivery ${ids[i]}`);
          continue;
        }
        rec.received.push(`${answer.frame.msg.case ?? "empty"} for ${ids[i]}`);
        const a = s.adjudicationOf(answer, claim, rec, "LINK-03");
        rec.check(a?.claimId === claim.claimId, "LINK-03", `delivery ${ids[i]} carried ${claim.claimId}, its answer names "${a?.claimId ?? answer.frame.msg.case}"`);
      }
    },
  },
  {
    id: "refusal-with-reason",
    title: "A long-term-care claim (insutype 410) is refused with a code and a message",
    requirements: ["ADJ-10"],
    async run(s, rec) {
      const answer = await deliverAndAwait(s, rec, s.claim(ClaimKind.OUTPATIENT, "410"), "ADJ-10");
      if (answer === undefined) return;
      if (answer.frame.msg.case !== "refusal") return rec.fail("ADJ-10", `answered with ${answer.frame.msg.case ?? "nothing"}, not a refusal`);
      const r = answer.frame.msg.value.refusal;
      rec.check((r?.code ?? "") !== "", "ADJ-10", "refusal.code is empty");
      rec.check((r?.message ?? "") !== "", "ADJ-10", "refusal.message is empty");
    },
  },
  {
    id: "unknown-enum-value",
    title: "A claim of an unknown kind (enum value 7) is refused with a reason; the stream stays open",
    requirements: ["ADJ-11"],
    async run(s, rec) {
      const claim = s.claim(ClaimKind.OUTPATIENT);
      claim.kind = 7 as ClaimKind;
      const answer = await deliverAndAwait(s, rec, claim, "ADJ-11");
      if (answer === undefined) return;
      if (answer.frame.msg.case !== "refusal") return rec.fail("ADJ-11", `answered with ${answer.frame.msg.case ?? "nothing"}, not a refusal`);
      rec.check((answer.frame.msg.value.refusal?.code ?? "") !== "", "ADJ-11", "refusal.code is empty");
      const after = await deliverAndAwait(s, rec, s.claim(ClaimKind.OUTPATIENT), "ADJ-11");
      rec.check(after === undefined || after.frame.msg.case === "adjudication", "ADJ-11", "the next claim was not adjudicated");
    },
  },
  {
    id: "spurious-reply-ack",
    title: "A ReplyAck for an unknown delivery is ignored; the next claim is answered",
    requirements: ["LINK-04"],
    async run(s, rec) {
      const conn = await s.link();
      conn.send(create(ConnectResponseSchema, { msg: { case: "replyAck", value: { deliveryId: "kit-unknown", accepted: false, error: "no such delivery" } } }));
      rec.sent.push("replyAck for unknown delivery kit-unknown");
      await deliverAndAwait(s, rec, s.claim(ClaimKind.OUTPATIENT), "LINK-04");
    },
  },
  {
    id: "stream-reset-mid-claim",
    title: "The kit cuts the stream right after a delivery; the platform reconnects and answers the redelivery",
    requirements: ["LINK-02", "LINK-03"],
    async run(s, rec) {
      const conn = await s.link();
      const claim = s.claim(ClaimKind.OUTPATIENT);
      const id = s.deliverClaim(conn, claim);
      rec.sent.push(`claim ${claim.claimId} as delivery ${id}, then UNAVAILABLE`);
      conn.cut("conformance: stream reset mid-claim");
      if ((await awaitReconnect(s, rec)) === undefined) return;
      await deliverAndAwait(s, rec, claim, "LINK-03", 2);
    },
  },
  {
    id: "oversized-frame",
    title: "A frame over 4 MiB (the gRPC default limit) ends the stream; the platform reconnects and goes on",
    requirements: ["LINK-02"],
    async run(s, rec) {
      const conn = await s.link();
      const claim = s.claim(ClaimKind.OUTPATIENT);
      if (claim.encounter !== undefined) claim.encounter.diseName = "疾".repeat(1_500_000);
      const deliveryId = s.nextDeliveryId();
      conn.send(create(ConnectResponseSchema, { msg: { case: "claim", value: { deliveryId, claim, attempt: 1 } } }), {
        claim: { deliveryId, note: `claim ${claim.claimId} with a 4.5 MB dise_name` },
      });
      rec.sent.push(`oversized claim frame (4.5 MB) as delivery ${deliveryId}`);
      // The platform either drops the stream (the usual grpc-js receive limit) or refuses the claim.
      const answer = await s.answerTo(conn, deliveryId, s.settings.replyWaitMs);
      if (answer !== undefined) {
        rec.received.push(`${answer.frame.msg.case ?? "empty"} for ${deliveryId}`);
        return;
      }
      if (conn.closed === undefined) conn.cut("conformance: no answer to the oversized frame");
      if ((await awaitReconnect(s, rec)) === undefined) return;
      await deliverAndAwait(s, rec, s.claim(ClaimKind.OUTPATIENT), "LINK-02");
    },
  },
  {
    id: "result-ack",
    title: "A final result of a claim the platform submitted is acknowledged",
    requirements: ["RES-01"],
    async run(s, rec) {
      const conn = await s.link();
      const id = s.deliverResult(conn, settledResult(s.claim(), ClaimStatus.SETTLED));
      rec.sent.push(`result SETTLED as delivery ${id}`);
      const ack = await s.answerTo(conn, id, s.settings.ackDeadlineMs);
      if (ack === undefined || ack.frame.msg.case !== "resultAck") rec.fail("RES-01", `no ResultAck for delivery ${id} within ${s.settings.ackDeadlineMs} ms`);
      else rec.received.push(`resultAck for ${id}`);
    },
  },
  {
    id: "cancel-after-delivery",
    title: "A reversal (CANCELLED) delivered right after the settlement's result is acknowledged",
    requirements: ["RES-02"],
    async run(s, rec) {
      const conn = await s.link();
      const claim = s.claim();
      const settled = s.deliverResult(conn, settledResult(claim, ClaimStatus.SETTLED));
      const cancelled = s.deliverResult(conn, settledResult(claim, ClaimStatus.CANCELLED));
      rec.sent.push(`result SETTLED as ${settled}, then CANCELLED as ${cancelled}`);
      const ack = await s.answerTo(conn, cancelled, s.settings.ackDeadlineMs);
      if (ack === undefined || ack.frame.msg.case !== "resultAck") rec.fail("RES-02", `no ResultAck for the reversal ${cancelled} within ${s.settings.ackDeadlineMs} ms`);
      else rec.received.push(`resultAck for ${cancelled}`);
    },
  },
  {
    id: "reversal-answered",
    title: "A reversal of a settlement the platform paid is answered: reversed, or refused with a reason",
    requirements: ["REV-01"],
    async run(s, rec) {
      const claim = s.claim(ClaimKind.OUTPATIENT);
      // The platform's own settlement when it answered in canonical form (other cases judge the reply);
      // else the reversal names a settlement id of the kit's, which the platform may refuse, with a reason.
      const reply = (await deliverAndAwait(s, rec, claim, "REV-01"))?.frame.msg;
      const settlement = (reply?.case === "adjudication" ? reply.value.adjudication : undefined) ?? create(AdjudicationSchema, { claimId: claim.claimId, setlId: `KIT-${claim.claimId}` });
      const conn = await s.link();
      const deliveryId = s.deliverReversal(conn, claim, settlement);
      rec.sent.push(`reversal of ${settlement.setlId} as ${deliveryId}`);
      const answer = await s.answerTo(conn, deliveryId, s.settings.replyWaitMs);
      const m = answer?.frame.msg;
      if (m?.case !== "reversalAnswer") return rec.fail("REV-01", `no ReversalAnswer for ${deliveryId} within ${s.settings.replyWaitMs} ms`);
      rec.received.push(`reversalAnswer for ${deliveryId}: ${m.value.accepted ? `reversed${m.value.reversalRef === "" ? "" : ` (ref ${m.value.reversalRef})`}` : `refused: ${m.value.reason}`}`);
      rec.check(m.value.accepted || m.value.reason.trim() !== "", "REV-01", "a refused reversal must say why (reason)");
    },
  },
  {
    id: "signed-replies",
    title: "A platform that must sign (--platform-key) signs its adjudications and refusals; an unsigned or badly signed reply is refused",
    requirements: ["SIG-01"],
    needsPlatformKey: true,
    async run(s, rec) {
      const key = s.settings.platformKey;
      if (key === undefined) return rec.fail("SIG-01", "no platform key to check with (--platform-key)");
      const replies: [string, Claim][] = [
        ["a valid claim", s.claim(ClaimKind.OUTPATIENT)],
        ["a long-term-care claim (a refusal)", s.claim(ClaimKind.OUTPATIENT, "410")],
      ];
      for (const [label, claim] of replies) {
        const conn = await s.link();
        const answer = await deliverAndAwait(s, rec, claim, "SIG-01");
        if (answer === undefined) return;
        const problem = linkReplySignatureProblem(answer.frame, conn.identity.platform, key);
        if (problem === undefined) {
          rec.received.push(`${label}: the ${answer.frame.msg.case ?? "reply"} is signed by key "${answer.frame.keyId}" and verifies`);
          continue;
        }
        rec.fail("SIG-01", `${label}: ${problem}`);
        // as the hub: the stream ends UNAUTHENTICATED naming the rule, and the claim stays undecided
        conn.refuse(problem);
        rec.sent.push(`UNAUTHENTICATED: ${problem}`);
        return;
      }
    },
  },
];
