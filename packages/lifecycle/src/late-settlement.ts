import type { Adjudication, Claim } from "@tongxing/proto";

/** Default time allowed for a late claim (补录), after its outage ended. */
export const DEFAULT_LATE_SETTLEMENT_MONTHS = 3;

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const BEIJING_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/** "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd" in Beijing time → epoch ms; undefined when not such a time. */
export function beijingTimeMs(text: string): number | undefined {
  const m = BEIJING_TIME.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
  // Date.UTC rolls 2026-02-31 over to March: such a text is not a time.
  const back = new Date(ms + BEIJING_OFFSET_MS);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

/**
 * The last instant a late claim may be submitted: `months` calendar months after its outage
 * ended (Beijing calendar; the 31st of a shorter month becomes its last day).
 */
export function lateSettlementDeadlineMs(outageEndMs: number, months: number): number {
  const local = new Date(outageEndMs + BEIJING_OFFSET_MS);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  return Date.UTC(y, mo, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds()) - BEIJING_OFFSET_MS;
}

/** An epoch-ms instant as Beijing time "yyyy-MM-dd HH:mm:ss", for messages. */
export function beijingTimeText(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * What a settled late claim owes back to the patient, fen: the cash paid at the counter minus
 * the patient's cash share of the settlement (psn_cash_pay); negative when the patient paid less
 * than that share. Undefined when the claim is not late, the cash paid is absent (absent is not
 * zero) or there is no adjudication, or the adjudication does not state psn_cash_pay.
 */
export function lateSettlementRefundFen(claim: Claim | undefined, adjudication: Adjudication | undefined): bigint | undefined {
  const paid = claim?.lateSettlement?.cashPaidAmt;
  const share = adjudication?.psnCashPay;
  if (paid === undefined || share === undefined) return undefined;
  return paid - share;
}
