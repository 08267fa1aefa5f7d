import { createHash } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { errors as natsErrors, type NatsConnection } from "@nats-io/nats-core";
import { InvalidInputError } from "@tongxing/domain";
import { preSettlementKey, Subjects } from "@tongxing/nats";
import { sealClaim } from "@tongxing/privacy";
import { AdjudicationRefusalSchema, AdjudicationSchema, ClaimSchema, PreSettleReplySchema, PreSettlementSchema, type Claim, type PreSettlement } from "@tongxing/proto";
import { dialectAt } from "@tongxing/routing";
import type { Dialect } from "@tongxing/dialects";
import { authorizeSubmission } from "../authorization/authorization-matrix.js";
import { bindSecurity } from "../bind-security.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { adjudicationProblems, INVALID_ADJUDICATION } from "../invalid-adjudication.js";
import type { ClaimRequest, IntakeDeps } from "./claim-intake.js";
import { refuseUnnetworkedInstitution } from "./institution-check.js";

/** A pre-settlement request, decoded and checked, with the insured platform that answers it. */
export interface PreparedPreSettle {
  readonly claim: Claim;
  readonly dialect: Dialect;
  /** Routing-table id of the insured platform. */
  readonly platform: string;
}

/** "P" + 24 hex characters, from the submitter and the message's msgid (the same question, the same id). */
export function preSettleIdOf(submitter: string, msgid: string): string {
  return `P${createHash("sha256").update(submitter).update("\npresettle\n").update(msgid).digest("hex").slice(0, 24)}`;
}

/**
 * Decodes and checks a pre-settlement request as intake checks a claim (size, dialect, fields,
 * the submitter's own treatment region, a route, the institution's status); no I/O.
 */
export function preparePreSettle(request: Omit<ClaimRequest, "idempotencyKey">, submitter: string, deps: IntakeDeps): PreparedPreSettle {
  if (request.payload.byteLength === 0) throw InvalidInputError.of("payload", "is empty");
  if (request.payload.byteLength > deps.maxPayloadBytes) {
    throw InvalidInputError.of("payload", `is ${request.payload.byteLength} bytes; the limit is ${deps.maxPayloadBytes} bytes`);
  }
  const entry = deps.routing.platform(submitter);
  const dialectName = request.dialect !== "" ? request.dialect : entry === undefined ? "" : dialectAt(entry, Date.now());
  const dialect = bindSecurity(deps.dialects.get(dialectName), entry, deps.hubPrivateKeyPem);
  if (dialect.decodePreSettle === undefined) {
    throw InvalidInputError.of("dialect", `${dialect.name} has no pre-settlement form (nhsa-json 2206 / 2303 / 2101, fhir-r4 use=predetermination and canonical have)`);
  }
  const { claim, msgid } = dialect.decodePreSettle(request.payload);
  claim.claimId = preSettleIdOf(submitter, msgid);
  claim.submitterPlatform = submitter;
  claim.dialect = dialect.name;
  authorizeSubmission(deps.routing, submitter, claim.mdtrtareaAdmvs);
  const route = deps.routing.resolve(claim.insuplcAdmdvs);
  if (!route.ok && route.reason === "NO_ROUTE") throw InvalidInputError.of("insuplc_admdvs", route.message);
  if (!route.ok) throw new HubError(HubErrorCode.FAILED_PRECONDITION, route.message);
  refuseUnnetworkedInstitution(claim, deps.institutionStatus);
  return { claim, dialect, platform: route.platform.id };
}

/**
 * Asks the insured platform over its link (core NATS request to whichever translator holds it)
 * and keeps the answer by encounter in the presettlements bucket. Nothing else is written: no
 * claim record, no settlement, no ledger entry.
 */
export async function askPreSettlement(prepared: PreparedPreSettle, deps: { readonly nc: NatsConnection; readonly presettlements: KV }, timeoutMs: number): Promise<PreSettlement> {
  const { claim, platform } = prepared;
  let replyBytes: Uint8Array;
  try {
    replyBytes = (await deps.nc.request(Subjects.preSettle(platform), toBinary(ClaimSchema, claim), { timeout: timeoutMs })).data;
  } catch (err) {
    const noResponders = err instanceof natsErrors.NoRespondersError || (err instanceof natsErrors.RequestError && err.isNoResponders());
    if (noResponders) {
      throw new HubError(HubErrorCode.UNAVAILABLE, `insured platform ${platform} has no link up to answer a pre-settlement; try again later`, { cause: err });
    }
    if (err instanceof natsErrors.TimeoutError) {
      throw new HubError(HubErrorCode.DEADLINE_EXCEEDED, `insured platform ${platform} did not answer the pre-settlement within ${timeoutMs} ms`, { cause: err });
    }
    throw err;
  }
  const reply = fromBinary(PreSettleReplySchema, replyBytes);
  const answeredAt = new Date().toISOString().replace("T", " ").slice(0, 23);
  const common = { preSettleId: claim.claimId, claim, answeredBy: platform, answeredAt };
  let preSettlement: PreSettlement;
  const invalid = reply.adjudication === undefined ? "" : adjudicationProblems(reply.adjudication);
  if (reply.adjudication !== undefined && invalid === "") {
    // Nothing was booked: whatever settlement id the platform sent means nothing.
    const adjudication = create(AdjudicationSchema, { ...reply.adjudication, claimId: claim.claimId, adjudicatedBy: platform, setlId: "" });
    preSettlement = create(PreSettlementSchema, { ...common, adjudication });
  } else {
    const refusal = create(AdjudicationRefusalSchema, {
      claimId: claim.claimId,
      // An answer without a required amount is refused, never kept or shown with it read as 0.
      code: invalid !== "" ? INVALID_ADJUDICATION : (reply.refusal?.code ?? "").slice(0, 64) || "REFUSED",
      message: (invalid !== "" ? `the pre-settlement answer of insured platform ${platform} cannot be used: ${invalid}` : (reply.refusal?.message ?? "")).slice(0, 500),
    });
    preSettlement = create(PreSettlementSchema, { ...common, refusal });
  }
  if (preSettlement.adjudication !== undefined) {
    const e = claim.encounter;
    // Kept at rest with the person's identifiers sealed, as every claim in NATS.
    await deps.presettlements.put(preSettlementKey(claim.fixmedinsCode, e?.mdtrtId ?? "", e?.chrgBchno ?? ""), toBinary(PreSettlementSchema, { ...preSettlement, claim: sealClaim(claim) }));
  }
  return preSettlement;
}
