/**
 * The vocabulary a jinbao-legacy mapping is written in: fixed-width record layouts whose fields
 * point at canonical fields, and local code tables. A mapping is plain data; the generic codec
 * (record-decoder.ts, record-encoder.ts and the message codecs) interprets it.
 * See docs/dialects/jinbao-legacy.md.
 */
import { Scale } from "@tongxing/domain";
import type { ClaimKind } from "@tongxing/proto";

/** Wire types of fields (spec §3). */
export const FieldType = {
  /** GBK text, left-aligned, space-padded. */
  TEXT: "text",
  /** Visible ASCII, left-aligned, space-padded. */
  CODE: "code",
  /** yyyyMMdd → "yyyy-MM-dd 00:00:00". */
  DATE: "date",
  /** Signed integer, implicit 2 decimals → int64 fen. */
  AMOUNT: "amount",
  /** Signed integer, implicit 4 decimals → int64 cnt_e4. */
  CNT: "cnt",
  /** Signed integer, implicit 6 decimals → int64 pric_e6. */
  PRIC: "pric",
} as const;

/** One of the wire types. */
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

/** The numeric wire types. */
export type NumericFieldType = typeof FieldType.AMOUNT | typeof FieldType.CNT | typeof FieldType.PRIC;

/**
 * Implied decimals of each numeric type. They equal the canonical scales (fen, cnt_e4, pric_e6),
 * so the wire integer is the canonical value itself; the scale only matters for showing it.
 */
export const IMPLIED_DECIMALS: Readonly<Record<NumericFieldType, number>> = { amount: Scale.FEN, cnt: Scale.CNT, pric: Scale.PRIC };

/** Reply items of a response record, filled by the result / reply logic rather than a path. */
export const ReplyItem = {
  /** The request's msgid. */
  REF_MSGID: "ref_msgid",
  RET_CODE: "ret_code",
  /** National value: a ClaimStatus name (SETTLED, REJECTED, HELD), mapped by a code table. */
  SETL_STAS: "setl_stas",
  REASON_CODE: "reason_code",
  RET_MSG: "ret_msg",
  WARN_MSG: "warn_msg",
  /** A canonical time "yyyy-MM-dd HH:mm:ss"; the wire carries its date. */
  RESP_DATE: "resp_date",
} as const;

/** One of the reply items. */
export type ReplyItem = (typeof ReplyItem)[keyof typeof ReplyItem];

/** How an `echo` field is checked when read. */
export type EchoCheck = "equal" | "equal-if-present" | "none";

/** What a field without its own canonical value does. */
export type FieldRole =
  /** The record type byte(s): the layout's tag. */
  | { readonly kind: "tag" }
  /** The number of records in the file, every record included (zero-padded digits). */
  | { readonly kind: "record-count" }
  /** The sum of a canonical field over every detail record, e.g. "fee_line.det_item_fee_sumamt". */
  | { readonly kind: "sum"; readonly of: string }
  /** Repeats the canonical value at the field's `path`; checked on reading, written from it. */
  | { readonly kind: "echo"; readonly check: EchoCheck }
  /** A reply item (response records only). */
  | { readonly kind: "reply"; readonly item: ReplyItem };

/** One fixed-width field. */
export interface FieldSpec {
  /** Wire name: the last part of violation paths (`record[2].psn_no`). */
  readonly name: string;
  /**
   * Canonical field, rooted at `claim`, `fee_line` or `adjudication`, in proto field names
   * (`claim.person.psn_no`). Without a role the field carries it; with an `echo` role it repeats it.
   */
  readonly path?: string;
  readonly role?: FieldRole;
  /** Width in bytes (GBK: a Chinese character is 2). */
  readonly width: number;
  readonly type: FieldType;
  /** Local code table (key of `JinbaoMapping.codeTables`) translating the wire code. */
  readonly codeTable?: string;
  /** Must not be blank (text, code, date; numbers are never blank unless `blankAbsent`). */
  readonly required?: boolean;
  /**
   * A numeric field whose canonical field has presence (a catalogue split part): all spaces means
   * "not sent" (absent is not zero), and an absent value is written as spaces. Zero is "0…0".
   */
  readonly blankAbsent?: boolean;
  /** Regular expression (source) the trimmed code must match in full. */
  readonly pattern?: string;
}

/** One record type: its tag (first field) and its fields in wire order. */
export interface RecordLayout {
  readonly tag: string;
  readonly label: string;
  readonly fields: readonly FieldSpec[];
}

/** One row of a local code table. */
export interface CodeRow {
  readonly local: string;
  readonly national: string;
  readonly label: string;
}

/** A local code table: its name (used in messages) and its rows. */
export interface CodeTable {
  readonly name: string;
  readonly rows: readonly CodeRow[];
}

/** Where a record's canonical fields go. */
export type RecordTarget = "claim" | "fee_line" | "control";

/** One position of the settle file: a record type, how often, where its fields go. */
export interface RecordSlot {
  readonly tag: string;
  readonly min: number;
  readonly max: number;
  readonly target: RecordTarget;
}

/** What a result or reply answers: return code, status and message prefix. */
export interface ReplyOutcome {
  readonly retCode: string;
  /** National value of `setl_stas` (a ClaimStatus name). */
  readonly status: "SETTLED" | "REJECTED" | "HELD";
  readonly message: string;
}

/** A whole dialect variant. */
export interface JinbaoMapping {
  readonly dialect: string;
  /** iconv-lite encoding name. */
  readonly encoding: string;
  /** Written after every record; a bare LF is accepted on reading. */
  readonly lineEnd: string;
  readonly maxPayloadBytes: number;
  /** Violations reported before the rest are counted in one more on `payload`. */
  readonly maxViolations: number;
  /** Record layouts by tag. */
  readonly records: Readonly<Record<string, RecordLayout>>;
  /** The settle file, in order. */
  readonly claimFile: readonly RecordSlot[];
  /** Tag of the response / adjudication reply record. */
  readonly responseTag: string;
  /** Tag of the per-line result records that may follow an adjudication reply's response record. */
  readonly lineResultTag: string;
  readonly codeTables: Readonly<Record<string, CodeTable>>;
  /** Claim kind of each infno the transaction code table yields. */
  readonly kindByInfno: Readonly<Record<string, ClaimKind>>;
  readonly replies: {
    readonly settled: ReplyOutcome;
    readonly refused: ReplyOutcome;
    readonly auditRejected: ReplyOutcome;
    readonly held: ReplyOutcome;
  };
  /** Response fields (names) an adjudication reply must not leave blank. */
  readonly adjudicationRequired: readonly string[];
  /** Rule ids used when a rejection / hold names no finding. */
  readonly fallbackRuleIds: { readonly rejected: string; readonly held: string };
}
