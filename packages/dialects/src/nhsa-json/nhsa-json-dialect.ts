import { create } from "@bufbuild/protobuf";
import { stringify } from "lossless-json";
import { ClaimSchema } from "@tongxing/proto";
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";
import type { Dialect, PlatformSecurity } from "../dialect.js";
import { readAdjudicationReply } from "./adjudication-reply.js";
import { readCancelMessage } from "./cancel-message.js";
import { writeFeeResults } from "./fee-results.js";
import { FieldReader } from "./field-reader.js";
import { parseJsonPayload } from "./json-payload.js";
import { NumericText } from "./numeric-text.js";
import { openEncryptedInput, sealOutput } from "./message-security.js";
import { buildResultMessage, setlinfo } from "./result-message.js";
import { PRE_SETTLE_INFNOS, readSettleMessage } from "./settle-message.js";
import { preSettlementAsResult } from "../pre-settle-result.js";
import { writeSettleMessage } from "./settle-message-writer.js";

export { MAX_NHSA_JSON_BYTES } from "./json-limits.js";

const encoder = new TextEncoder();

/**
 * Parses and reads one message with `read`, turning every problem into one InvalidInputError.
 * Anything else thrown on the way (a parser or library bug, a stack overflow) still ends as an
 * InvalidInputError on `payload`: the Dialect contract promises callers nothing else.
 */
function decodeWith<T>(
  payload: Uint8Array,
  what: string,
  read: (root: Record<string, unknown>, reader: FieldReader) => T,
  security?: PlatformSecurity,
): T {
  try {
    const parsed = parseJsonPayload(payload);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || parsed instanceof NumericText) {
      throw InvalidInputError.of("payload", "must be an object (the message envelope), not an array or a scalar");
    }
    const root = parsed as Record<string, unknown>;
    const reader = new FieldReader();
    const decrypted = openEncryptedInput(root, security);
    if (decrypted !== undefined) root.input = parseJsonPayload(decrypted, "input");
    const value = read(root, reader);
    if (reader.violations.length > 0) throw new InvalidInputError(reader.violations);
    return value;
  } catch (err) {
    if (isInvalidInputError(err)) throw err;
    throw new InvalidInputError([{ field: "payload", description: `could not be read as ${what}` }], { cause: err });
  }
}

const json = (value: unknown) => encoder.encode(stringify(value) ?? "{}");

/**
 * The national JSON interface (国家医保信息平台接口): one settle message (2207 outpatient,
 * 2304 inpatient, 2102 pharmacy) per claim; results rendered as the national response with
 * infcode and output.setlinfo; an insured platform replies with that same response form.
 * With a platform's keys, encrypted `input` (SM4) is opened and its SM2 signature checked, and
 * answers to it are sealed the same way. docs/dialects/nhsa-json.md is its specification.
 */
export function createNhsaJsonDialect(security?: PlatformSecurity): Dialect {
  return {
    name: "nhsa-json",
    decodeClaim(payload) {
      const claim = decodeWith(payload, "a settle message", readSettleMessage, security);
      claim.dialect = "nhsa-json";
      return { claim, msgid: claim.msgid };
    },
    encodeResult(result, claim) {
      const message = buildResultMessage(result, claim);
      return json(sealOutput(message, stringify(message.output) ?? "{}", security));
    },
    encodeClaim(claim) {
      return json(writeSettleMessage(claim));
    },
    decodeAdjudication(payload, claim) {
      return decodeWith(payload, "a settle response", (root, reader) => readAdjudicationReply(root, claim, reader));
    },
    encodeAdjudication(adjudication, claim) {
      const output: Record<string, unknown> = { setlinfo: setlinfo(adjudication, claim) };
      if (adjudication.feeLines.length > 0) output.result = writeFeeResults(adjudication.feeLines);
      return json({ infcode: "0", err_msg: "", warn_msg: "", output });
    },
    decodePreSettle(payload) {
      // 2206 / 2303 / 2101 carry the input of 2207 / 2304 / 2102.
      const claim = decodeWith(payload, "a pre-settle message", (root, reader) => readSettleMessage(root, reader, PRE_SETTLE_INFNOS), security);
      claim.dialect = "nhsa-json";
      return { claim, msgid: claim.msgid };
    },
    encodePreSettleResult(preSettlement) {
      // The national pre-settle output is the settle output's setlinfo (no setl_id: nothing booked).
      const message = buildResultMessage(preSettlementAsResult(preSettlement), preSettlement.claim ?? create(ClaimSchema));
      return json(sealOutput(message, stringify(message.output) ?? "{}", security));
    },
    decodeCancel(payload) {
      const cancel = decodeWith(payload, "a settle-cancel message", readCancelMessage, security);
      return { cancel, msgid: cancel.msgid };
    },
    withSecurity: (keys) => createNhsaJsonDialect(keys),
  };
}

/** The national JSON dialect without message security. */
export const nhsaJsonDialect: Dialect = createNhsaJsonDialect();
