/**
 * The `xml-esb` dialect: a provincial enterprise-service-bus XML envelope (docs/dialects/xml-esb.md).
 * All five directions; the element ↔ field table is the mapping (mapping.ts), interpreted
 * generically, so a province's variant is `createXmlEsbDialect({ name, mapping })`.
 */
import { guardDecode } from "../decode-guard.js";
import type { Dialect } from "../dialect.js";
import { decodeAdjudicationReply, encodeAdjudicationReply } from "./adjudication-reply.js";
import { decodeCancelMessage } from "./cancel-message.js";
import { decodeClaimMessage, encodeClaimMessage } from "./claim-message.js";
import { assertMappingFits } from "./mapping-check.js";
import type { XmlEsbMapping } from "./mapping-types.js";
import { XML_ESB_MAPPING } from "./mapping.js";
import { encodeResultMessage } from "./result-message.js";

/** Options of {@link createXmlEsbDialect}. */
export interface XmlEsbDialectOptions {
  /** Dialect name; default "xml-esb". */
  readonly name?: string;
  /** Element ↔ field mapping; default the specified one. */
  readonly mapping?: XmlEsbMapping;
}

/** A dialect with all five directions (no message security: `withSecurity` is absent). */
export type XmlEsbDialect = Dialect & Required<Pick<Dialect, "encodeClaim" | "decodeAdjudication" | "encodeAdjudication" | "decodeCancel">>;

/**
 * Creates an xml-esb dialect for a mapping, checking the mapping against the canonical schema
 * once (throws Error when they do not fit). Every decode throws only InvalidInputError.
 */
export function createXmlEsbDialect(options: XmlEsbDialectOptions = {}): XmlEsbDialect {
  const name = options.name ?? "xml-esb";
  const mapping = options.mapping ?? XML_ESB_MAPPING;
  assertMappingFits(mapping);
  return {
    name,
    decodeClaim: (payload) => guardDecode(() => decodeClaimMessage(payload, mapping, name), "unreadable message"),
    encodeResult: (result, claim) => encodeResultMessage(result, claim, mapping),
    encodeClaim: (claim) => encodeClaimMessage(claim, mapping),
    decodeAdjudication: (payload, claim) => guardDecode(() => decodeAdjudicationReply(payload, claim, mapping), "unreadable message"),
    encodeAdjudication: (adjudication, claim) => encodeAdjudicationReply(adjudication, claim, mapping),
    decodeCancel: (payload) => guardDecode(() => decodeCancelMessage(payload, mapping.limits), "unreadable message"),
  };
}

/** The xml-esb dialect as specified. */
export const xmlEsbDialect: Dialect = createXmlEsbDialect();
