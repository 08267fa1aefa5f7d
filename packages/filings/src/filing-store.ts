import type { KV } from "@nats-io/kv";
import { provinceOf } from "@tongxing/domain";
import { FilingSchema, type Filing } from "@tongxing/proto";
import { PersonRecords } from "./person-records.js";

/** Filings kept per person: the oldest go once a person has more. */
export const MAX_FILINGS_PER_PERSON = 50;

const FILINGS = new PersonRecords(FilingSchema, "filing", MAX_FILINGS_PER_PERSON, (f) => f.filingNo);

/** KV key of one person's filings: insured province + a hash of psn_no (never the id itself). */
export const filingKey = (insuplcAdmdvs: string, psnNo: string): string => FILINGS.key(insuplcAdmdvs, psnNo);

/** A person's filings (empty when none). */
export const filingsOf = (kv: KV, insuplcAdmdvs: string, psnNo: string): Promise<Filing[]> => FILINGS.list(kv, insuplcAdmdvs, psnNo);

/** Adds or replaces (by filing_no) a filing. */
export const putFiling = (kv: KV, filing: Filing): Promise<Filing[]> => FILINGS.put(kv, filing.insuplcAdmdvs, filing.psnNo, filing);

/** Removes a filing; resolves with whether it existed. */
export const cancelFiling = (kv: KV, insuplcAdmdvs: string, psnNo: string, filingNo: string): Promise<boolean> => FILINGS.remove(kv, insuplcAdmdvs, psnNo, filingNo);

/** "yyyy-MM-dd" of an instant in Beijing time. */
export function beijingDate(atMs: number): string {
  return new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Whether a filing covers care in `mdtrtareaAdmvs` at an instant: the region itself, or its whole
 * province ("370000" covers every 37xxxx), on a day within [begndate, enddate].
 */
export function filingCovers(filing: Filing, mdtrtareaAdmvs: string, atMs: number): boolean {
  const place = filing.mdtrtareaAdmvs === mdtrtareaAdmvs || (filing.mdtrtareaAdmvs.endsWith("0000") && provinceOf(filing.mdtrtareaAdmvs) === provinceOf(mdtrtareaAdmvs));
  const day = beijingDate(atMs);
  return place && filing.begndate <= day && (filing.enddate === "" || day <= filing.enddate);
}
