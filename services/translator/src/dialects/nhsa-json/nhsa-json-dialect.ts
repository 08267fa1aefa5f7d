import { parse, stringify } from "lossless-json";
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";
import type { Dialect, PlatformSecurity } from "../dialect.js";
import { FieldReader } from "./field-reader.js";
import { assertJsonDepth } from "./json-limits.js";
import { NumericText } from "./numeric-text.js";
import { readAdjudicationReply } from "./adjudication-reply.js";
import { buildResultMessage, setlinfo } from "./result-message.js";
import { readSettleMessage } from "./settle-message.js";
import { writeSettleMessage } from "./settle-message-writer.js";
import { openEncryptedInput, sealOutput } from "./message-security.js";

/** Largest message this dialect parses (the gateway's own limit may be lower). */
export const MAX_NHSA_JSON_BYTES = 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function parseJson(payload: Uint8Array): unknown {
  if (payload.byteLength > MAX_NHSA_JSON_BYTES) {
    throw InvalidInputError.of("payload", `is ${payload.byteLength} bytes; the limit is ${MAX_NHSA_JSON_BYTES} bytes`);
  }
  assertJsonDepth(payload);
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    throw InvalidInputError.of("payload", "is not valid UTF-8");
  }
  try {
    return parse(text, null, (digits) => new NumericText(digits));
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : "unreadable";
    throw InvalidInputError.of("payload", `is not valid JSON: ${why}`);
  }
}

/** Parses and reads one message with `read`, turning every problem into one InvalidInputError. */
function decodeWith<T>(
  payload: Uint8Array,
  what: string,
  read: (root: Record<string, unknown>, reader: FieldReader) => T,
  security?: PlatformSecurity,
): T {
  const root = parseJson(payload);
  const reader = new FieldReader();
  const object = reader.object(root, "payload", true);
  if (object === undefined) throw new InvalidInputError(reader.violations);
  const decrypted = openEncryptedInput(object, security);
  if (decrypted !== undefined) object.input = parseJson(decrypted);
  let value: T;
  try {
    value = read(object, reader);
  } catch (err) {
    if (isInvalidInputError(err)) throw err;
    throw new InvalidInputError([{ field: "payload", description: `could not be read as ${what}` }], { cause: err });
  }
  if (reader.violations.length > 0) throw new InvalidInputError(reader.violations);
  return value;
}

const json = (value: unknown) => encoder.encode(stringify(value) ?? "{}");

/**
 * The national JSON interface (国家医保信息平台接口): one settle message (2207 outpatient,
 * 2304 inpatient, 2102 pharmacy) per claim; results rendered as the national response with
 * infcode and output.setlinfo; an insured platform replies with that same response form.
 * docs/dialects/nhsa-json.md is its specification.
 */
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
      return json({ infcode: "0", err_msg: "", warn_msg: "", output: { setlinfo: setlinfo(adjudication, claim) } });
    },
    withSecurity: (keys) => createNhsaJsonDialect(keys),
  };
}

/** The national JSON dialect without message security. */
export const nhsaJsonDialect: Dialect = createNhsaJsonDialect();
