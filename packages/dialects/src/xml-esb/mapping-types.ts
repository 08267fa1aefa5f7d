/**
 * The vocabulary an xml-esb mapping is written in: element rules that tie XML elements to
 * canonical fields. A mapping is plain data; the generic codec (mapping-decoder.ts,
 * mapping-encoder.ts) interprets it. See docs/dialects/xml-esb.md.
 */
import type { DescMessage } from "@bufbuild/protobuf";

/** Wire types of leaf elements (spec §2). */
export const FieldType = {
  /** Any XML text, taken exactly. */
  TEXT: "text",
  /** Visible ASCII without spaces. */
  CODE: "code",
  /** Decimal yuan, ≤ 2 decimals → int64 fen. */
  AMOUNT: "amount",
  /** Decimal quantity, ≤ 4 decimals → int64 × 10^4. */
  CNT: "cnt",
  /** Decimal unit price, ≤ 6 decimals → int64 × 10^6. */
  PRIC: "pric",
  /** Decimal fraction, ≤ 3 decimals → int32 per-mille. */
  PERMILLE: "permille",
  /** yyyyMMddHHmmss → "yyyy-MM-dd HH:mm:ss". */
  TIME: "time",
} as const;

/** One of the wire types. */
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

/** One row of a local code table: the local code and the canonical field values it stands for. */
export interface CodeRow {
  readonly local: string;
  /** Canonical field name → value; every field is set on decode and must match on encode. */
  readonly values: Readonly<Record<string, string | number>>;
}

/** An element holding one value. */
export interface LeafRule {
  readonly kind: "leaf";
  readonly element: string;
  /**
   * Canonical field (its protobuf-es local name) in the enclosing object. Absent with no `codes`:
   * the element is accepted and checked for form, not carried, and never written.
   */
  readonly field?: string;
  readonly type: FieldType;
  /** Must be present and non-empty. */
  readonly required?: boolean;
  /**
   * The canonical field has presence (a catalogue split part): a missing element leaves it absent
   * rather than 0 (absent is not zero), and an absent value is not written.
   */
  readonly presence?: boolean;
  /** Longest value in characters (code points); defaults: text 200, code 64. */
  readonly maxLength?: number;
  /** Extra pattern the value must match (after the type's own checks). */
  readonly pattern?: RegExp;
  /** Local code table; when given, the rows' values are set instead of `field`. */
  readonly codes?: readonly CodeRow[];
}

/** A block element whose children are further rules. */
export interface GroupRule {
  readonly kind: "group";
  readonly element: string;
  /** Field holding the block's own object; absent: the children fill the enclosing object. */
  readonly field?: string;
  /** Schema of the block's object; absent: a plain object. Only with `field`. */
  readonly message?: DescMessage;
  readonly required?: boolean;
  readonly children: readonly ElementRule[];
}

/** A block element holding repeated items, each decoded into one message. */
export interface ListRule {
  readonly kind: "list";
  readonly element: string;
  /** Name of the item elements inside the list element. */
  readonly item: string;
  /** Repeated message field the items go to. */
  readonly field: string;
  readonly message: DescMessage;
  readonly maxItems: number;
  /** Optional attribute on the list element stating the number of items. */
  readonly countAttribute?: string;
  /** Leave the list element out when there are no items (instead of writing it empty). */
  readonly omitEmpty?: boolean;
  readonly children: readonly ElementRule[];
}

/** Any element rule. */
export type ElementRule = LeafRule | GroupRule | ListRule;

/** Limits applied before and while reading a message (spec §1). */
export interface XmlEsbLimits {
  readonly maxPayloadBytes: number;
  readonly maxDepth: number;
  readonly maxElements: number;
  /** Longest text or attribute value of any element, in UTF-16 units. */
  readonly maxTextLength: number;
  /** Violations reported before the rest are only counted. */
  readonly maxViolations: number;
}

/** Return code and fixed message of one kind of result (spec §4.1). */
export interface ReturnCode {
  readonly code: string;
  readonly message: string;
}

/** What the result response says for each outcome. */
export interface ResultCodes {
  readonly settled: ReturnCode;
  readonly refused: ReturnCode;
  readonly auditRejected: ReturnCode;
  readonly held: ReturnCode;
  /** `Reject/Source` values. */
  readonly refusalSource: string;
  readonly auditSource: string;
  /** Reason codes when the verdict names no rule. */
  readonly noRuleRejected: string;
  readonly noRuleHeld: string;
  /** Longest RetMsg and ReasonMsg written; longer texts are cut. */
  readonly maxRetMsgLength: number;
  readonly maxReasonLength: number;
}

/** A whole dialect variant: its envelopes, codes and limits. */
export interface XmlEsbMapping {
  /** Settle request; its root element's children fill a Claim. */
  readonly claim: GroupRule;
  /** Result response; fills a ResultView (result-view.ts). */
  readonly result: GroupRule;
  /** Adjudication reply; fills a ReplyView (adjudication-reply.ts). */
  readonly reply: GroupRule;
  /** Transaction codes (the claim head's `TranCode` rows), for the response heads. */
  readonly transactions: readonly CodeRow[];
  readonly resultCodes: ResultCodes;
  /** The hub's node code on the bus. */
  readonly hubNode: string;
  readonly limits: XmlEsbLimits;
}
