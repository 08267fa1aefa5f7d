/**
 * The cancel file (spec §9): one `H` header with a cancel `trans_code` (`MZCX` 2208, `ZYCX` 2305,
 * `YDCX` 2103) and one `C` record naming the settlement. Fixed width, GBK, CR LF, as every file.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError, type FieldViolation } from "@tongxing/domain";
import { SettlementCancelSchema } from "@tongxing/proto";
import type { DecodedCancel } from "../dialect.js";
import { decodeCharset } from "./legacy-charset.js";
import { recordPath } from "./record-decoder.js";
import { splitRecords, type RawRecord } from "./record-lines.js";

/** Cancel transaction codes → infno. */
export const CANCEL_TRANS_CODES: Readonly<Record<string, string>> = { MZCX: "2208", ZYCX: "2305", YDCX: "2103" };

interface Cut {
  readonly name: string;
  readonly pos: number;
  readonly width: number;
  readonly required: boolean;
}

/** `H`, 195 bytes: the settle file's header layout (§4.1); only the fields a cancel uses are read. */
const HEADER: readonly Cut[] = [
  { name: "trans_code", pos: 2, width: 4, required: true },
  { name: "msgid", pos: 6, width: 30, required: true },
  { name: "mdtrtarea_admvs", pos: 36, width: 6, required: true },
  { name: "insuplc_admdvs", pos: 42, width: 6, required: true },
  { name: "fixmedins_code", pos: 48, width: 20, required: true },
];
const HEADER_WIDTH = 195;
/** `C`, 191 bytes. */
const CANCEL: readonly Cut[] = [
  { name: "setl_id", pos: 2, width: 40, required: true },
  { name: "mdtrt_id", pos: 42, width: 30, required: true },
  { name: "psn_no", pos: 72, width: 30, required: true },
  { name: "reason", pos: 102, width: 90, required: false },
];
const CANCEL_WIDTH = 191;
const MAX_CANCEL_BYTES = 4_096;

function readRecord(record: RawRecord | undefined, n: number, tag: string, width: number, cuts: readonly Cut[], encoding: string, problems: FieldViolation[]): Map<string, string> {
  const values = new Map<string, string>();
  const at = recordPath(n);
  if (record === undefined) {
    problems.push({ field: "payload", description: `the ${tag} record is missing` });
    return values;
  }
  if (String.fromCharCode(record.bytes[0] ?? 0) !== tag) {
    problems.push({ field: `${at}.rec_type`, description: `must be "${tag}"` });
    return values;
  }
  if (record.bytes.length !== width) {
    problems.push({ field: at, description: `is ${record.bytes.length} bytes, the ${tag} record is ${width}` });
    return values;
  }
  for (const cut of cuts) {
    const text = decodeCharset(record.bytes.subarray(cut.pos - 1, cut.pos - 1 + cut.width), encoding);
    if (text === undefined) {
      problems.push({ field: `${at}.${cut.name}`, description: "is not valid GBK" });
      continue;
    }
    const value = text.trimEnd();
    if (value === "" && cut.required) problems.push({ field: `${at}.${cut.name}`, description: "is required" });
    values.set(cut.name, value);
  }
  return values;
}

/** Reads a cancel file; InvalidInputError naming each record and field. */
export function decodeCancelFile(payload: Uint8Array, encoding: string): DecodedCancel {
  if (payload.length === 0) throw InvalidInputError.of("payload", "is empty");
  if (payload.length > MAX_CANCEL_BYTES) throw InvalidInputError.of("payload", `is ${payload.length} bytes, a cancel file at most ${MAX_CANCEL_BYTES}`);
  const records = splitRecords(payload);
  if (records.length > 2) throw InvalidInputError.of("payload", `has ${records.length} records, a cancel file has 2 (H, C)`);
  const problems: FieldViolation[] = [];
  const head = readRecord(records[0], 1, "H", HEADER_WIDTH, HEADER, encoding, problems);
  const body = readRecord(records[1], 2, "C", CANCEL_WIDTH, CANCEL, encoding, problems);
  const transCode = head.get("trans_code") ?? "";
  const infno = CANCEL_TRANS_CODES[transCode];
  if (head.size > 0 && transCode !== "" && infno === undefined) problems.push({ field: `${recordPath(1)}.trans_code`, description: `"${transCode}" is not a cancel (MZCX, ZYCX, YDCX)` });
  for (const name of ["mdtrtarea_admvs", "insuplc_admdvs"]) {
    const v = head.get(name);
    if (v !== undefined && v !== "" && !/^\d{6}$/.test(v)) problems.push({ field: `${recordPath(1)}.${name}`, description: "must be 6 digits" });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  const cancel = create(SettlementCancelSchema, {
    infno: infno ?? "",
    msgid: head.get("msgid") ?? "",
    setlId: body.get("setl_id") ?? "",
    mdtrtId: body.get("mdtrt_id") ?? "",
    psnNo: body.get("psn_no") ?? "",
    reason: body.get("reason") ?? "",
  });
  return { cancel, msgid: cancel.msgid };
}
