import { create } from "@bufbuild/protobuf";
import { Scale } from "@tongxing/domain";
import { LateSettlementSchema, type LateSettlement } from "@tongxing/proto";
import type { FieldReader } from "./field-reader.js";

/** Beijing time as the national interface writes it, or a date. */
const BEIJING_TIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;
const TIME_HINT = '"yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd" (Beijing time)';

/**
 * The optional `input.late_setl` block of a late claim (补录重新结算: care paid in cash during a
 * maintenance window or outage, settled afterwards): the window's reference, the outage's start
 * and end, the cash receipt's number, total and cash paid. Undefined when absent.
 */
export function readLateSettlementBlock(value: unknown, r: FieldReader): LateSettlement | undefined {
  const path = "input.late_setl";
  const o = r.object(value, path, false);
  if (o === undefined) return undefined;
  const f = (name: string) => `${path}.${name}`;
  const time = (name: string, required: boolean) => r.text(o[name], f(name), { required, pattern: BEIJING_TIME, patternHint: TIME_HINT });
  const late = create(LateSettlementSchema, {
    windowId: r.text(o.win_id, f("win_id"), { maxLength: 100 }),
    outageBegin: time("outage_begntime", false),
    outageEnd: time("outage_endtime", true),
    cashReceiptNo: r.text(o.cash_rcpt_no, f("cash_rcpt_no"), { maxLength: 100 }),
    cashPaidAmt: r.decimal(o.cash_pay_amt, f("cash_pay_amt"), { scale: Scale.FEN, required: true }),
  });
  const receiptTotal = r.optionalDecimal(o.cash_medfee_sumamt, f("cash_medfee_sumamt"), Scale.FEN);
  if (receiptTotal !== undefined) late.cashMedfeeSumamt = receiptTotal;
  if ((late.cashPaidAmt ?? 0n) < 0n) r.violation(f("cash_pay_amt"), "must not be negative");
  if (receiptTotal !== undefined && receiptTotal < 0n) r.violation(f("cash_medfee_sumamt"), "must not be negative");
  if (late.outageBegin !== "" && late.outageEnd !== "" && late.outageBegin > late.outageEnd) r.violation(f("outage_endtime"), "must not be before outage_begntime");
  return late;
}
