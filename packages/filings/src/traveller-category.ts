import type { TravellerCategory } from "@tongxing/policy";
import { FilingType, type Filing } from "@tongxing/proto";
import { filingCovers } from "./filing-store.js";

/** Emergency care is deemed filed (急诊抢救视同备案): emergency outpatient, emergency → inpatient. */
export const EMERGENCY_MED_TYPES: ReadonlySet<string> = new Set(["13", "24"]);

/**
 * How an encounter in `mdtrtareaAdmvs` at `atMs` stands with the insured region, from the
 * person's filings (the same lookup rule F1 uses), most favourable first: a covering long-term-
 * resident filing → "long-term"; a covering referral filing → "referral"; emergency care (med_type
 * 13, 24) → "emergency"; another covering temporary filing → "temporary"; else "unfiled".
 */
export function travellerCategory(filings: readonly Filing[], mdtrtareaAdmvs: string, medType: string, atMs: number): TravellerCategory {
  const covering = filings.filter((f) => filingCovers(f, mdtrtareaAdmvs, atMs));
  if (covering.some((f) => f.filingType === FilingType.LONG_TERM_RESIDENT)) return "long-term";
  if (covering.some((f) => f.filingType === FilingType.REFERRAL)) return "referral";
  if (EMERGENCY_MED_TYPES.has(medType)) return "emergency";
  if (covering.some((f) => f.filingType === FilingType.TEMPORARY)) return "temporary";
  return "unfiled";
}
