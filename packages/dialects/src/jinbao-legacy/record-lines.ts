/**
 * Splits a payload into its records: one per line, each ended by CR LF or a bare LF. Line ends
 * cannot occur inside a GBK character (trail bytes are ≥ 0x40), so splitting on bytes is safe.
 */

const LF = 0x0a;
const CR = 0x0d;

/** One line of the payload, its line end removed. */
export interface RawRecord {
  readonly bytes: Uint8Array;
  /** False for a last line that has no line end. */
  readonly terminated: boolean;
}

/** The number of records in `payload` (its lines), counted without splitting. */
export function countRecords(payload: Uint8Array): number {
  let count = 0;
  let at = payload.indexOf(LF);
  while (at !== -1) {
    count += 1;
    at = payload.indexOf(LF, at + 1);
  }
  return payload.length > 0 && payload[payload.length - 1] !== LF ? count + 1 : count;
}

/** The records of `payload`, in order; an empty payload has none. */
export function splitRecords(payload: Uint8Array): RawRecord[] {
  const records: RawRecord[] = [];
  let start = 0;
  while (start < payload.length) {
    const end = payload.indexOf(LF, start);
    if (end === -1) {
      records.push({ bytes: payload.subarray(start), terminated: false });
      break;
    }
    const lineEnd = end > start && payload[end - 1] === CR ? end - 1 : end;
    records.push({ bytes: payload.subarray(start, lineEnd), terminated: true });
    start = end + 1;
  }
  return records;
}

/** The tag of a record: its first `tagWidth` bytes as Latin-1 text. */
export function recordTag(record: RawRecord, tagWidth: number): string {
  let tag = "";
  for (const b of record.bytes.subarray(0, tagWidth)) tag += String.fromCharCode(b);
  return tag;
}
