/**
 * The adjudication reply (spec §5): the insured region's bus answers a delivered settle request
 * with its settlement figures. Decoding checks that the reply answers this claim.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, type Adjudication, type Claim } from "@tongxing/proto";
import { readDocument } from "./document-reader.js";
import { encodeDocument } from "./mapping-encoder.js";
import type { XmlEsbMapping } from "./mapping-types.js";
import { responseHeadFor, type ResponseHead } from "./response-head.js";

/** Everything an adjudication reply says (the mapping's `reply` rules name these fields). */
export interface ReplyView extends ResponseHead {
  adjudication?: Adjudication;
}

const TEXT_ENCODER = new TextEncoder();

/** Renders the insured side's reply carrying `adjudication` for `claim`; InvalidInputError when it cannot be carried. */
export function encodeAdjudicationReply(adjudication: Adjudication, claim: Claim, mapping: XmlEsbMapping): Uint8Array {
  const view: ReplyView = {
    ...responseHeadFor(claim),
    sender: claim.insuplcAdmdvs,
    receiver: mapping.hubNode,
    respTime: adjudication.setlTime,
    retCode: mapping.resultCodes.settled.code,
    retMsg: mapping.resultCodes.settled.message,
    adjudication,
  };
  const { xml, problems } = encodeDocument(mapping.reply, view as unknown as Record<string, unknown>);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return TEXT_ENCODER.encode(xml);
}

/** Reads the insured side's reply to `claim`: its adjudication, with the claim's id. */
export function decodeAdjudicationReply(payload: Uint8Array, claim: Claim, mapping: XmlEsbMapping): Adjudication {
  const view: Partial<ReplyView> = {};
  const root = mapping.reply.element;
  const violations = readDocument(payload, mapping.reply, view as Record<string, unknown>, mapping.limits);
  violations.throwIfAny();
  const head = `${root}/Head`;
  if (view.retCode !== mapping.resultCodes.settled.code) {
    violations.add(`${head}/RetCode`, `the insured platform answered ${JSON.stringify(view.retCode)} (${JSON.stringify(view.retMsg ?? "")}); only ${mapping.resultCodes.settled.code} carries an adjudication, a refusal travels as the link's refusal`);
  }
  if (claim.msgid !== "" && view.refMsgId !== claim.msgid) {
    violations.add(`${head}/RefMsgId`, `answers ${JSON.stringify(view.refMsgId)}, not this claim's msgid ${JSON.stringify(claim.msgid)}`);
  }
  if (view.kind !== undefined && (view.kind !== claim.kind || view.infno !== claim.infno)) {
    violations.add(`${head}/TranCode`, "is not the transaction code of the claim it answers");
  }
  if (view.mdtrtareaAdmvs !== "" && view.mdtrtareaAdmvs !== claim.mdtrtareaAdmvs) violations.add(`${head}/JydQh`, `is not the claim's treatment region ${claim.mdtrtareaAdmvs}`);
  if (view.insuplcAdmdvs !== "" && view.insuplcAdmdvs !== claim.insuplcAdmdvs) violations.add(`${head}/CbdQh`, `is not the claim's insured region ${claim.insuplcAdmdvs}`);
  violations.throwIfAny();
  const adjudication = view.adjudication ?? create(AdjudicationSchema);
  adjudication.claimId = claim.claimId;
  adjudication.adjudicatedBy = "";
  return adjudication;
}
