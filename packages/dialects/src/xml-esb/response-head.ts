/**
 * The head of the two response envelopes (spec §4, §5.3): the hub's result and the insured
 * platform's adjudication reply. Field names are those the mapping's response head rules name.
 */
import type { Claim, ClaimKind } from "@tongxing/proto";

/** A response head as the codec reads and writes it. */
export interface ResponseHead {
  /** Set from / written as `TranCode`. */
  kind?: ClaimKind;
  infno?: string;
  msgId: string;
  /** The request's message id this answers. */
  refMsgId: string;
  sender: string;
  receiver: string;
  mdtrtareaAdmvs: string;
  insuplcAdmdvs: string;
  /** "yyyy-MM-dd HH:mm:ss" or "". */
  respTime: string;
  retCode: string;
  retMsg: string;
}

/** The head fields every response to `claim` repeats from it; the rest start empty. */
export function responseHeadFor(claim: Claim): ResponseHead {
  return {
    kind: claim.kind,
    infno: claim.infno,
    msgId: "",
    refMsgId: claim.msgid,
    sender: "",
    receiver: "",
    mdtrtareaAdmvs: claim.mdtrtareaAdmvs,
    insuplcAdmdvs: claim.insuplcAdmdvs,
    respTime: "",
    retCode: "",
    retMsg: "",
  };
}
