import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { createDialectRegistry, type DialectRegistry } from "@tongxing/dialects";
import { isInvalidInputError } from "@tongxing/domain";
import { ClaimStatus, SettleClaimResponseSchema, SettlementResultSchema, type Claim, type SettlementResult } from "@tongxing/proto";
import { invalidArgumentError } from "@tongxing/proto/grpc";
import type { CaseRecorder } from "./case-outcome.js";
import { FrameTimeoutError } from "./frame-queue.js";
import type { GatewayCall, GatewayServer } from "./gateway-server.js";
import { kitAdjudication } from "./kit-adjudication.js";
import { validateMessage } from "./validate-message.js";

/** Timings of a submitter run. */
export interface SubmitterSettings {
  /** How long a case waits for the client's next request (its next claim or its retry). */
  readonly requestWaitMs: number;
}

/** A request the kit accepted: its claim, the key it carried, and the call to answer. */
export interface AcceptedRequest {
  readonly call: GatewayCall;
  readonly claim: Claim;
  readonly key: string;
  /** mdtrt_id and chrg_bchno: one settlement (DOMAIN: uniqueness). */
  readonly settlement: string;
}

/**
 * The kit's state across submitter cases: the request that arrived before the cases ran (the
 * one that proved the client connected), and the idempotency keys seen, by settlement.
 */
export class SubmitterSession {
  readonly #registry: DialectRegistry = createDialectRegistry();
  #waiting: GatewayCall | undefined;
  readonly #keyOwner = new Map<string, string>();
  #serial = 0;

  constructor(
    private readonly server: GatewayServer,
    readonly settings: SubmitterSettings,
  ) {}

  /** Waits for the client's first request; FrameTimeoutError when none comes. */
  async awaitFirst(timeoutMs: number): Promise<GatewayCall> {
    const call = await this.server.nextCall(timeoutMs);
    this.#waiting = call;
    return call;
  }

  /**
   * The client's next request, checked: TLS identity (TLS-01, when the case declares it), the
   * dialect and its decoding (SUB-01), the amounts (SUB-02), a key another claim already used
   * (SUB-04). An undecodable request is answered INVALID_ARGUMENT, as the hub would, and gives
   * undefined; so does no request within the wait (failing `missing`).
   */
  async next(rec: CaseRecorder, missing: string): Promise<AcceptedRequest | undefined> {
    let call = this.#waiting;
    this.#waiting = undefined;
    if (call === undefined) {
      try {
        call = await this.server.nextCall(this.settings.requestWaitMs);
      } catch (err) {
        if (!(err instanceof FrameTimeoutError)) throw err;
        rec.fail(missing, `no request within ${this.settings.requestWaitMs} ms`);
        return undefined;
      }
    }
    const { request } = call;
    rec.received.push(`${call.method} dialect "${request.dialect}", ${request.payload.length} bytes, idempotency_key "${request.idempotencyKey}"`);
    if (rec.requirements.includes("TLS-01")) {
      if (call.identity.problem !== undefined) rec.fail("TLS-01", call.identity.problem);
      else if (call.identity.via === "header") rec.received.push("TLS-01 not verified: a plaintext run (--insecure)");
    }
    let verdict;
    try {
      verdict = validateMessage(this.#registry.get(request.dialect), request.payload);
    } catch (err) {
      if (!isInvalidInputError(err)) throw err;
      verdict = { failures: err.violations.map((v) => ({ requirement: "SUB-01", why: `${v.field}: ${v.description}` })) };
    }
    for (const f of verdict.failures) rec.fail(f.requirement, f.why);
    if (verdict.claim === undefined) {
      const violations = verdict.failures.map((f) => ({ field: f.why.split(":")[0] ?? "payload", description: f.why }));
      call.fail({ ...invalidArgumentError("the message does not decode", violations), code: GrpcStatus.INVALID_ARGUMENT });
      rec.sent.push("INVALID_ARGUMENT");
      return undefined;
    }
    const claim = verdict.claim;
    const key = request.idempotencyKey !== "" ? request.idempotencyKey : (verdict.msgid ?? "");
    const settlement = `${claim.encounter?.mdtrtId ?? ""}/${claim.encounter?.chrgBchno ?? ""}`;
    const owner = this.#keyOwner.get(key);
    if (owner !== undefined && owner !== settlement) rec.fail("SUB-04", `idempotency key "${key}" was already used by settlement ${owner}; this is ${settlement}`);
    if (owner === undefined) this.#keyOwner.set(key, settlement);
    this.#serial += 1;
    claim.claimId = `kit-claim-${String(this.#serial).padStart(6, "0")}`;
    return { call, claim, key, settlement };
  }

  /**
   * Answers `req` with a final result of `status` (rendered in the request's dialect too);
   * `foreignMsgid` makes it a result the client must reject: it echoes another message's id.
   */
  answer(rec: CaseRecorder, req: AcceptedRequest, status: ClaimStatus, duplicate = false, foreignMsgid?: string): void {
    const result: SettlementResult = create(SettlementResultSchema, {
      claimId: req.claim.claimId,
      status,
      msgid: foreignMsgid ?? req.claim.msgid,
      infno: req.claim.infno,
      dialect: req.call.request.dialect,
      ...(status === ClaimStatus.REJECTED
        ? { refusal: { claimId: req.claim.claimId, code: "PSN_NOT_INSURED", message: "参保地无此参保人员 (conformance: a rejection with its reason)" } }
        : { adjudication: kitAdjudication(req.claim) }),
    });
    const dialect = this.#registry.get(req.call.request.dialect);
    const payload = dialect.encodeResult(result, req.claim);
    req.call.respond(create(SettleClaimResponseSchema, { claimId: req.claim.claimId, status, settlement: result, payload, duplicate }));
    rec.sent.push(`${ClaimStatus[status]}${duplicate ? " (duplicate)" : ""} for ${req.settlement}${foreignMsgid === undefined ? "" : `, echoing another msgid ${foreignMsgid}`}`);
  }
}
