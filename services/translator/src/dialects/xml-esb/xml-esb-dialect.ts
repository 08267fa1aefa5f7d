/**
 * The `xml-esb` dialect: a provincial enterprise-service-bus XML envelope (docs/dialects/xml-esb.md).
 * All five directions; the element ↔ field table is the mapping (mapping.ts), interpreted
 * generically, so a province's variant is `createXmlEsbDialect({ name, mapping })`.
 */
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";
import type { Dialect } from "../dialect.js";
import { decodeAdjudicationReply, encodeAdjudicationReply } from "./adjudication-reply.js";
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
export type XmlEsbDialect = Dialect & Required<Pick<Dialect, "encodeClaim" | "decodeAdjudication" | "encodeAdjudication">>;

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
    decodeClaim: (payload) => guarded(() => decodeClaimMessage(payload, mapping, name)),
    encodeResult: (result, claim) => encodeResultMessage(result, claim, mapping),
    encodeClaim: (claim) => encodeClaimMessage(claim, mapping),
    decodeAdjudication: (payload, claim) => guarded(() => decodeAdjudicationReply(payload, claim, mapping)),
    encodeAdjudication: (adjudication, claim) => encodeAdjudicationReply(adjudication, claim, mapping),
  };
}

/** Runs a decode so that nothing but InvalidInputError leaves it, whatever the bytes. */
function guarded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (isInvalidInputError(err)) throw err;
    throw new InvalidInputError([{ field: "payload", description: "unreadable message" }], { cause: err });
  }
}

/** The xml-esb dialect as specified. */
export const xmlEsbDialect: Dialect = createXmlEsbDialect();
