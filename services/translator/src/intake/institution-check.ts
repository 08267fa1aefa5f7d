import { InstitutionStatus, type Claim } from "@tongxing/proto";
import type { InstitutionStatusOn } from "@tongxing/filings";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";

/** Looks up an institution's status on a day ("yyyy-MM-dd"); undefined when the registry has no entry. */
export type InstitutionStatusLookup = (province: string, fixmedinsCode: string, date: string) => InstitutionStatusOn | undefined;

const DAY = /^\d{4}-\d{2}-\d{2}/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The day of care: end of care, else its begin (national times are Beijing local), else today in Beijing. */
export function careDay(claim: Claim): string {
  for (const t of [claim.encounter?.endtime, claim.encounter?.begntime]) if (t !== undefined && DAY.test(t)) return t.slice(0, 10);
  return new Date(Date.now() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Refuses at intake (FAILED_PRECONDITION, saying which status since when) a claim from an institution
 * the registry says does not settle cross-province claims on the day of care: suspended, revoked, or
 * not yet networked. An institution the registry does not know is left to the auditor's list (N1).
 */
export function refuseUnnetworkedInstitution(claim: Claim, lookup: InstitutionStatusLookup | undefined): void {
  if (lookup === undefined) return;
  const day = careDay(claim);
  const s = lookup(claim.mdtrtareaAdmvs.slice(0, 2), claim.fixmedinsCode, day);
  if (s === undefined || s.networked) return;
  const what = s.status === InstitutionStatus.UNSPECIFIED ? "not yet networked" : `${InstitutionStatus[s.status] ?? s.status} since ${s.effectiveDate}`;
  throw new HubError(HubErrorCode.FAILED_PRECONDITION, `institution ${claim.fixmedinsCode} is ${what} on ${day} (the day of care): it may not settle cross-province claims`);
}
