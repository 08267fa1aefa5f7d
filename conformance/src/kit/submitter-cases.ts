import { status as GrpcStatus } from "@grpc/grpc-js";
import { ClaimStatus } from "@tongxing/proto";
import type { KitCase } from "./case-outcome.js";
import type { SubmitterSession } from "./submitter-session.js";

type SubmitterCase = KitCase<SubmitterSession>;

/** Checked on every request a case receives. */
const EACH_REQUEST = ["SUB-01", "SUB-02", "SUB-04", "SUB-06"] as const;

function resultCase(id: string, title: string, status: ClaimStatus, duplicate = false, extra: readonly string[] = []): SubmitterCase {
  return {
    id,
    title,
    requirements: [...extra, ...EACH_REQUEST],
    async run(s, rec) {
      const req = await s.next(rec, "SUB-06");
      if (req !== undefined) s.answer(rec, req, status, duplicate);
    },
  };
}

/**
 * The kit answers the next claim with a transient error; the client must retry it later with the
 * same idempotency key (SUB-03, SUB-05); the retry is settled.
 */
function transientCase(id: string, title: string, code: GrpcStatus, details: string): SubmitterCase {
  return {
    id,
    title,
    requirements: ["SUB-03", "SUB-05", ...EACH_REQUEST],
    async run(s, rec) {
      const first = await s.next(rec, "SUB-06");
      if (first === undefined) return;
      first.call.fail({ code, details });
      rec.sent.push(`${GrpcStatus[code]}: ${details}`);
      const retry = await s.next(rec, "SUB-05");
      if (retry === undefined) return;
      if (retry.settlement !== first.settlement) {
        rec.fail("SUB-05", `after ${GrpcStatus[code]} the next request was settlement ${retry.settlement}, not a retry of ${first.settlement}`);
      } else {
        rec.check(retry.key === first.key, "SUB-03", `the retry of ${first.settlement} carried idempotency key "${retry.key}"; the first attempt carried "${first.key}"`);
      }
      s.answer(rec, retry, ClaimStatus.SETTLED);
    },
  };
}

/**
 * The kit answers the next claim SETTLED, but the result echoes another message's msgid: a result
 * the client must reject; it retries the claim with the same key (SUB-07, SUB-03).
 */
const MISMATCHED_RESULT: SubmitterCase = {
  id: "mismatched-result",
  title: "The next claim gets a result echoing another message's msgid; the client rejects it and retries with the same key",
  requirements: ["SUB-03", "SUB-07", ...EACH_REQUEST],
  async run(s, rec) {
    const first = await s.next(rec, "SUB-06");
    if (first === undefined) return;
    s.answer(rec, first, ClaimStatus.SETTLED, false, "H99999999999202612030000009999");
    const retry = await s.next(rec, "SUB-07");
    if (retry === undefined) return;
    if (retry.settlement !== first.settlement) {
      rec.fail("SUB-07", `after a result for another message the next request was settlement ${retry.settlement}: the result was booked, not rejected`);
    } else {
      rec.check(retry.key === first.key, "SUB-03", `the retry of ${first.settlement} carried idempotency key "${retry.key}"; the first attempt carried "${first.key}"`);
    }
    s.answer(rec, retry, ClaimStatus.SETTLED);
  },
};

/** Every submitter case, in run order: each consumes the client's next claim. */
export const SUBMITTER_CASES: readonly SubmitterCase[] = [
  resultCase("settled", "A valid claim is settled; the client identifies itself by its certificate", ClaimStatus.SETTLED, false, ["TLS-01"]),
  resultCase("rejected-with-reason", "The next claim is rejected with a code and a message; the client goes on", ClaimStatus.REJECTED),
  resultCase("held", "The next claim is held for review; the client goes on", ClaimStatus.HELD),
  resultCase("duplicate", "The next claim is answered as a duplicate of an earlier one; the client goes on", ClaimStatus.SETTLED, true),
  MISMATCHED_RESULT,
  transientCase("deadline", "The next claim gets DEADLINE_EXCEEDED; the client retries it with the same key", GrpcStatus.DEADLINE_EXCEEDED, "the insured platform did not answer in time"),
  transientCase("switchover-unavailable", "The next claim gets UNAVAILABLE (a planned switchover, 停机切换); the client retries it with the same key", GrpcStatus.UNAVAILABLE, "停机切换: the insured platform is switching over; retry later"),
];
