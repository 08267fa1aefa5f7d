/**
 * The vocabulary a fhir-r4 mapping is written in: rules that tie FHIR paths to canonical fields.
 * A mapping is plain data; the generic codec (document-decoder.ts, document-encoder.ts)
 * interprets it. Path syntax is in fhir-path.ts; the contract is docs/dialects/fhir-r4.md.
 */
import type { DescMessage } from "@bufbuild/protobuf";

/** Wire types of mapped values (spec §2). */
export const ValueType = {
  /** FHIR string: any JSON string, taken exactly. */
  STRING: "string",
  /** FHIR code: no leading, trailing or repeated white space. */
  CODE: "code",
  /** FHIR dateTime ↔ national "yyyy-MM-dd HH:mm:ss" (Beijing) or "yyyy-MM-dd". */
  DATE_TIME: "dateTime",
  /** FHIR Money `{ value, currency }` ↔ int64 scaled by 10^scale (fen by default). */
  MONEY: "money",
  /** FHIR decimal ↔ int64 scaled by 10^scale. */
  DECIMAL: "decimal",
  /** FHIR integer ↔ int32. */
  INTEGER: "integer",
} as const;

/** One of the wire types. */
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

/** A FHIR path carrying one canonical field. */
export interface FieldRule {
  readonly kind: "field";
  readonly path: string;
  /** Canonical field: dotted protobuf-es local names from the document's (or list item's) target. */
  readonly field: string;
  readonly type: ValueType;
  /** Decimal places of MONEY and DECIMAL; default 2 (fen). */
  readonly scale?: number;
  /** Must be present on decode; must not be empty on encode. */
  readonly required?: boolean;
  /** Written even when zero or empty (while its source object exists). */
  readonly emit?: "always";
  /** Paths read, in order, when `path` is absent; never written. */
  readonly fallback?: readonly string[];
}

/** A constant: written as given, checked on decode as `read` says. */
export interface FixedRule {
  readonly kind: "fixed";
  readonly path: string;
  readonly value: string | number | boolean;
  /** required: must be present and equal; if-present: equal when present; ignored: not read. */
  readonly read: "required" | "if-present" | "ignored";
  /** always; with-parent: only when the object holding it is written for other rules. */
  readonly write: "always" | "with-parent";
}

/** One row of a code table: the FHIR code and the canonical field values it stands for. */
export interface CodeRow {
  readonly local: string;
  /** What the code means, for violation messages. */
  readonly label: string;
  /** Canonical field → value; all are set on decode and must all match on encode. */
  readonly values: Readonly<Record<string, string | number>>;
}

/** A FHIR code standing for several canonical fields through a table. */
export interface CodedRule {
  readonly kind: "coded";
  readonly path: string;
  readonly required?: boolean;
  readonly codes: readonly CodeRow[];
}

/** A FHIR positiveInt numbering list items (1, 2, …): written from the position, checked on decode. */
export interface PositionRule {
  readonly kind: "position";
  readonly path: string;
}

/** A repeating FHIR element whose entries fill a repeated canonical field. */
export interface ListRule {
  readonly kind: "list";
  /** A single property name (e.g. `item`). */
  readonly path: string;
  readonly field: string;
  /** Schema of each canonical item; absent: plain objects. */
  readonly message?: DescMessage;
  readonly maxItems: number;
  /** Every FHIR R4 element an entry may have (others are refused). */
  readonly elements: readonly string[];
  readonly rules: readonly Rule[];
}

/** A cardinality bound on a repeating element the mapping reads only partly (e.g. one insurance). */
export interface AtMostRule {
  readonly kind: "at-most";
  readonly path: string;
  readonly max: number;
  /** Why, for the violation. */
  readonly why: string;
}

/** Any rule. */
export type Rule = FieldRule | FixedRule | CodedRule | PositionRule | ListRule | AtMostRule;

/** One FHIR resource and how it maps. */
export interface ResourceMapping {
  readonly resourceType: string;
  /** Every FHIR R4 element of the resource (others are refused). */
  readonly elements: readonly string[];
  readonly rules: readonly Rule[];
}

/** Texts of the result's `disposition` and codes used in `error` (spec §4.1). */
export interface ResultTexts {
  readonly settled: string;
  readonly cancelled: string;
  readonly refused: string;
  readonly auditRejected: string;
  readonly held: string;
  /** Codes when the verdict names no rule. */
  readonly noRuleRejected: string;
  readonly noRuleHeld: string;
  /** Longest disposition written, in characters. */
  readonly maxDispositionLength: number;
}

/** Limits applied before and while reading a resource (spec §1). */
export interface FhirR4Limits {
  readonly maxPayloadBytes: number;
  readonly maxDepth: number;
  /** Longest JSON string read, in UTF-16 units. */
  readonly maxTextLength: number;
  /** Violations listed before the rest are only counted. */
  readonly maxViolations: number;
}

/** A whole dialect variant. */
export interface FhirR4Mapping {
  readonly claim: ResourceMapping;
  /** The ClaimResponse of results and adjudication replies; fills a ResponseView. */
  readonly claimResponse: ResourceMapping;
  /** Extensions under this URL must be declared where they appear. */
  readonly extensionBase: string;
  /** The only currency accepted and written. */
  readonly currency: string;
  /** Code systems of `ClaimResponse.error` codes. */
  readonly errorSystems: { readonly refusal: string; readonly auditRule: string };
  readonly texts: ResultTexts;
  readonly limits: FhirR4Limits;
}
