/**
 * Dialect `jinbao-legacy`: the pre-national provincial 金保 systems' fixed-width GBK records
 * (docs/dialects/jinbao-legacy.md). The layouts and code tables are data (mapping.ts); this
 * object binds the generic codec to them.
 */
import { guardDecode } from "../decode-guard.js";
import type { Dialect } from "../dialect.js";
import { decodeLegacyAdjudication } from "./adjudication-decoder.js";
import { encodeLegacyAdjudication } from "./adjudication-encoder.js";
import { decodeCancelFile } from "./cancel-file.js";
import { decodeLegacyClaim } from "./claim-decoder.js";
import { encodeLegacyClaim } from "./claim-encoder.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";
import type { JinbaoMapping } from "./mapping-types.js";
import { encodeLegacyResult } from "./result-encoder.js";

/** A fixed-width legacy dialect for `mapping`: a province's variant is another mapping. */
export function createLegacyDialect(mapping: JinbaoMapping): Dialect {
  return {
    name: mapping.dialect,
    decodeClaim: (payload) => decodeLegacyClaim(payload, mapping),
    encodeResult: (result, claim) => encodeLegacyResult(result, claim, mapping),
    encodeClaim: (claim) => encodeLegacyClaim(claim, mapping),
    decodeAdjudication: (payload, claim) => decodeLegacyAdjudication(payload, claim, mapping),
    encodeAdjudication: (adjudication, claim) => encodeLegacyAdjudication(adjudication, claim, mapping),
    decodeCancel: (payload) => guardDecode(() => decodeCancelFile(payload, mapping.encoding), "unreadable cancel file"),
  };
}

/** The jinbao-legacy dialect, all five directions. */
export const jinbaoLegacyDialect: Dialect = createLegacyDialect(JINBAO_LEGACY_MAPPING);
