/**
 * The adjudication reply (spec §5): an insured platform answers a delivered Claim with a
 * ClaimResponse carrying its settlement figures. Decoding checks that the reply answers this claim.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError, REQUIRED_ADJUDICATION_AMOUNTS } from "@tongxing/domain";
import { AdjudicatedFeeLineSchema, AdjudicationSchema, type Adjudication, type Claim } from "@tongxing/proto";
import { encodeRules } from "./document-encoder.js";
import type { FhirR4Codec } from "./fhir-r4-codec.js";
import { toJsonBytes } from "./json-text.js";
import { canonicalChain, readResource } from "./resource-reader.js";
import { responseHead, type ResponseView } from "./response-view.js";

/** Renders the insured side's reply carrying `adjudication` for `claim`; InvalidInputError when it cannot be carried. */
export function encodeReplyResource(adjudication: Adjudication, claim: Claim, codec: FhirR4Codec): Uint8Array {
  const view: ResponseView = {
    ...responseHead(claim),
    claimId: "",
    status: "active",
    created: adjudication.setlTime,
    outcome: "complete",
    disposition: codec.mapping.texts.settled,
    adjudication,
    lineResults: adjudication.feeLines,
    notes: [],
    errors: [],
  };
  const { json, problems } = encodeRules(codec.claimResponse.rules, view as unknown as Record<string, unknown>, codec.mapping.currency);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return toJsonBytes(json);
}

/** Reads the insured side's reply to `claim`: its adjudication, with the claim's id. */
export function decodeReplyResource(payload: Uint8Array, claim: Claim, codec: FhirR4Codec): Adjudication {
  const adjudication = create(AdjudicationSchema);
  const view: Partial<ResponseView> = { adjudication };
  const read = readResource(payload, codec.claimResponse, view as Record<string, unknown>, codec.mapping);
  const at = (field: string) => canonicalChain(field, codec.claimResponse, read);
  if (view.outcome !== undefined && view.outcome !== "complete") {
    read.violations.add(at("outcome"), `is ${JSON.stringify(view.outcome)}; only "complete" carries an adjudication (a refusal travels as the link's refusal message)`);
  }
  if (view.status !== undefined && view.status !== "active") read.violations.add(at("status"), `must be "active"; got ${JSON.stringify(view.status)}`);
  const expect = (field: keyof ResponseView, given: string | undefined, want: string, what: string) => {
    if (given !== undefined && want !== "" && given !== want) read.violations.add(at(field), `answers ${JSON.stringify(given.slice(0, 40))}, not this claim's ${what} ${JSON.stringify(want)}`);
  };
  expect("msgid", view.msgid, claim.msgid, "msgid");
  expect("psnNo", view.psnNo, claim.person?.psnNo ?? "", "psn_no");
  expect("insuplcAdmdvs", view.insuplcAdmdvs, claim.insuplcAdmdvs, "insured region");
  expect("fixmedinsCode", view.fixmedinsCode, claim.fixmedinsCode, "institution");
  expect("mdtrtareaAdmvs", view.mdtrtareaAdmvs, claim.mdtrtareaAdmvs, "treatment region");
  expect("mdtrtId", view.mdtrtId, claim.encounter?.mdtrtId ?? "", "mdtrt_id");
  if (view.kind !== undefined && (view.kind !== claim.kind || view.infno !== claim.infno)) read.violations.add(at("kind"), "is not the type of the claim it answers");
  // Absent is not zero: a total the reply must state and leaves out is refused, never read as 0.
  // The other totals stay absent when not sent.
  for (const [wire, field] of REQUIRED_ADJUDICATION_AMOUNTS) {
    if (adjudication[field] === undefined) read.violations.add(at(`adjudication.${wire}`), `is required (carries ${wire})`);
  }
  read.violations.throwIfAny();
  adjudication.feeLines = (view.lineResults ?? []).map((l) => create(AdjudicatedFeeLineSchema, l));
  adjudication.setlTime = view.created ?? "";
  adjudication.claimId = claim.claimId;
  adjudication.adjudicatedBy = "";
  return adjudication;
}
