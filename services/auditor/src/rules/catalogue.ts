import { amountCaps } from "./amount-caps.js";
import { amountsSane } from "./amounts-sane.js";
import { duplicateMsgid, duplicateSettlement } from "./duplicate-settlement.js";
import { lateSettlement } from "./late-settlement.js";
import { familySharing } from "./family-sharing.js";
import { filingRequired } from "./filing-required.js";
import { impossibleTravel } from "./impossible-travel.js";
import { networkedInstitution } from "./networked-institution.js";
import { outpatientQuota } from "./outpatient-quota.js";
import { overlappingStays } from "./overlapping-stays.js";
import { pharmacyRepeats } from "./pharmacy-repeats.js";
import { policyRecompute } from "./policy-recompute.js";
import { preSettlementMatch } from "./pre-settlement-match.js";
import { interimNetting } from "./interim-netting.js";
import { feeLinesL1 } from "./fee-lines-l1.js";
import { identityI1 } from "./identity-i1.js";
import { identityI2 } from "./identity-i2.js";
import { identityI3 } from "./identity-i3.js";
import { identityI4 } from "./identity-i4.js";
import type { AuditRule } from "./rule.js";
import { totalsMatch } from "./totals-match.js";

/** Version stamped on every verdict; bump it when a rule's meaning changes. */
export const RULESET_VERSION = "2026.12-5";

/** The rules every adjudication is checked against, in report order. */
export const DEFAULT_RULES: readonly AuditRule[] = [identityI1, identityI2, identityI3, identityI4, feeLinesL1, totalsMatch, amountsSane, familySharing, duplicateSettlement, duplicateMsgid, filingRequired, networkedInstitution, policyRecompute, amountCaps, overlappingStays, impossibleTravel, outpatientQuota, pharmacyRepeats, preSettlementMatch, interimNetting, lateSettlement];
