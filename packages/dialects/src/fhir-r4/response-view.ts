/**
 * What a ClaimResponse says, as the flat view the mapping's `claimResponse` rules fill and read:
 * the result the hub renders (result-message.ts) and the reply an insured platform sends
 * (adjudication-reply.ts) are both this view.
 */
import { AdjudicatedFeeLineSchema, AdjudicationSchema, LateSettlementSchema, type AdjudicatedFeeLine, type Adjudication, type Claim, type ClaimKind, type LateSettlement } from "@tongxing/proto";
import { messageShape, plainShape, type TargetShape } from "./compiled-mapping.js";

/** One `processNote`. */
export interface NoteView {
  text: string;
}

/** One `error`. */
export interface ErrorView {
  system: string;
  code: string;
  text: string;
}

/** Everything the mapped ClaimResponse elements carry (spec §4, §5). */
export interface ResponseView {
  claimId: string;
  status: string;
  kind?: ClaimKind;
  infno?: string;
  psnNo: string;
  psnName: string;
  /** National time (Beijing) or date; "" for none. */
  created: string;
  insuplcAdmdvs: string;
  fixmedinsCode: string;
  msgid: string;
  outcome: string;
  disposition: string;
  mdtrtareaAdmvs: string;
  mdtrtId: string;
  medType: string;
  adjudication?: Adjudication;
  /** The insured side's per-line results (`ClaimResponse.item[]`), the adjudication's fee_lines. */
  lineResults?: AdjudicatedFeeLine[];
  /** A settled late claim (补录): its block as submitted (window, receipt, cash paid)… */
  lateSettlement?: LateSettlement;
  /** …and the refund owed to the patient, fen (negative when the patient paid less than the cash share). */
  lateSettlementRefundFen?: bigint;
  notes: NoteView[];
  errors: ErrorView[];
}

/** The view's shape, for checking the mapping against it. */
export const RESPONSE_VIEW_SHAPE: TargetShape = plainShape(
  {
    claimId: "string", status: "string", kind: "enum", infno: "string", psnNo: "string", psnName: "string", created: "string",
    insuplcAdmdvs: "string", fixmedinsCode: "string", msgid: "string", outcome: "string", disposition: "string",
    mdtrtareaAdmvs: "string", mdtrtId: "string", medType: "string", lateSettlementRefundFen: "int64",
  },
  { notes: plainShape({ text: "string" }), errors: plainShape({ system: "string", code: "string", text: "string" }), lineResults: messageShape(AdjudicatedFeeLineSchema) },
  { adjudication: AdjudicationSchema, lateSettlement: LateSettlementSchema },
);

/** The view fields repeated from the claim a response answers. */
export function responseHead(claim: Claim): Omit<ResponseView, "claimId" | "status" | "created" | "outcome" | "disposition" | "notes" | "errors"> {
  return {
    kind: claim.kind,
    infno: claim.infno,
    psnNo: claim.person?.psnNo ?? "",
    psnName: claim.person?.psnName ?? "",
    insuplcAdmdvs: claim.insuplcAdmdvs,
    fixmedinsCode: claim.fixmedinsCode,
    msgid: claim.msgid,
    mdtrtareaAdmvs: claim.mdtrtareaAdmvs,
    mdtrtId: claim.encounter?.mdtrtId ?? "",
    medType: claim.encounter?.medType ?? "",
  };
}
