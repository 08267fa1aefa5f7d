import type { InsuredPolicy, InsuredPolicyVersion } from "./insured-policy.js";
import { poolPolicyKeys } from "./policy-store.js";

/**
 * The policies the development hub starts with, one per province (the same tables the simulated
 * provincial platforms adjudicate with, so recomputation agrees with them). Plausible figures,
 * not any province's published policy. Per row: deductible outpatient / inpatient / pharmacy
 * (yuan), pooled ratio per mille outpatient / inpatient / pharmacy, hifp cap outpatient /
 * inpatient / pharmacy (yuan), civil-servant subsidy per mille (0 = none).
 */
type Row = readonly [string, number, number, number, number, number, number, number, number, number, number];

const ROWS: readonly Row[] = [
  ["11", 100, 1300, 0, 700, 900, 600, 400, 500_000, 300, 150],
  ["12", 80, 1000, 0, 650, 880, 550, 350, 400_000, 250, 120],
  ["13", 50, 800, 0, 600, 850, 500, 200, 300_000, 150, 100],
  ["14", 50, 700, 20, 550, 850, 500, 200, 250_000, 150, 0],
  ["15", 60, 800, 0, 600, 860, 520, 220, 300_000, 150, 100],
  ["21", 60, 900, 0, 600, 870, 550, 250, 300_000, 180, 120],
  ["22", 50, 800, 0, 580, 850, 500, 200, 250_000, 150, 0],
  ["23", 50, 800, 10, 580, 850, 500, 200, 250_000, 150, 100],
  ["31", 100, 1500, 0, 700, 900, 650, 450, 550_000, 300, 150],
  ["32", 80, 900, 0, 650, 880, 600, 300, 400_000, 200, 120],
  ["33", 80, 1000, 0, 700, 880, 600, 350, 400_000, 250, 120],
  ["34", 50, 700, 0, 600, 850, 500, 200, 300_000, 150, 100],
  ["35", 60, 800, 0, 620, 860, 550, 250, 300_000, 180, 0],
  ["36", 50, 600, 20, 600, 850, 500, 180, 250_000, 120, 100],
  ["37", 60, 800, 0, 620, 870, 550, 250, 300_000, 180, 120],
  ["41", 40, 700, 0, 600, 850, 500, 180, 300_000, 120, 100],
  ["42", 50, 800, 0, 600, 860, 520, 200, 300_000, 150, 100],
  ["43", 50, 800, 10, 580, 850, 500, 200, 280_000, 150, 0],
  ["44", 80, 1000, 0, 650, 880, 600, 320, 450_000, 220, 150],
  ["45", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100],
  ["46", 50, 700, 0, 600, 850, 500, 200, 250_000, 150, 0],
  ["50", 50, 800, 0, 600, 860, 520, 220, 300_000, 150, 100],
  ["51", 50, 800, 0, 600, 860, 520, 220, 300_000, 150, 120],
  ["52", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100],
  ["53", 40, 600, 20, 580, 850, 500, 180, 250_000, 120, 0],
  ["54", 0, 400, 0, 700, 900, 600, 250, 300_000, 150, 150],
  ["61", 50, 700, 0, 600, 850, 500, 200, 280_000, 150, 100],
  ["62", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100],
  ["63", 30, 500, 0, 650, 880, 550, 220, 300_000, 150, 120],
  ["64", 40, 600, 0, 600, 860, 520, 200, 250_000, 150, 0],
  ["65", 40, 600, 0, 620, 860, 520, 200, 300_000, 150, 100],
];

/** From when the seeded policies apply. */
export const DEFAULT_POLICY_EFFECTIVE_FROM = "2025-01-01T00:00:00+08:00";

const yuan = (whole: number): bigint => BigInt(whole) * 100n;

function versionOf(row: Row): InsuredPolicyVersion {
  const [, dOut, dIn, dPh, rOut, rIn, rPh, cOut, cIn, cPh, cvl] = row;
  return {
    version: "2025-01",
    effectiveFrom: DEFAULT_POLICY_EFFECTIVE_FROM,
    deductibleFen: { outpatient: yuan(dOut), inpatient: yuan(dIn), pharmacy: yuan(dPh) },
    poolRatioPermille: { outpatient: rOut, inpatient: rIn, pharmacy: rPh },
    hifpCapFen: { outpatient: yuan(cOut), inpatient: yuan(cIn), pharmacy: yuan(cPh) },
    ...(cvl > 0 ? { cvlservPermille: cvl } : {}),
  };
}

/**
 * Temporary travellers (临时外出就医), seeded from published rules (see docs/domain): Shandong (37)
 * sets the first self-pay share of temporary remote inpatient, outpatient and chronic-disease
 * (med_type 14, an outpatient kind) care at no more than 10 %; pharmacy purchases have none.
 */
const SHANDONG_FIRST_SELF_PAY = { permille: { referral: 100, emergency: 100, temporary: 100, unfiled: 100 }, kinds: ["outpatient", "inpatient"] } as const;

/**
 * Weihai (371000, a pool of its own with key policy.371000, which wins over Shandong's): referral
 * and emergency care 10 % first self-pay, unfiled care 30 % and then reimbursed as at a tier-3
 * hospital; other filed temporary care at Shandong's 10 %. Inpatient ratios by hospital level
 * (1 / 2 / 3: 90 / 87 / 80 %) and chronic-disease outpatient (med_type 14) at 75 % are plausible
 * figures, not Weihai's published table.
 */
function weihai(shandong: InsuredPolicyVersion): InsuredPolicy {
  return {
    province: "371000",
    versions: [
      {
        ...shandong,
        levelRatioPermille: { "1": { inpatient: 900 }, "2": { inpatient: 870 }, "3": { inpatient: 800 } },
        medTypeRatioPermille: { "14": 750 },
        firstSelfPay: { permille: { referral: 100, emergency: 100, temporary: 100, unfiled: 300 }, kinds: ["outpatient", "inpatient"], unfiledAsLevel: "3" },
      },
    ],
  };
}

function provincePolicy(row: Row): InsuredPolicy {
  const v = versionOf(row);
  return { province: row[0], versions: [row[0] === "37" ? { ...v, firstSelfPay: SHANDONG_FIRST_SELF_PAY } : v] };
}

const PROVINCE_POLICIES = ROWS.map(provincePolicy);

/**
 * The seeded policies: one per province (key = 2-digit code) and the pools with a policy of their
 * own (key = 6-digit admdvs, e.g. Weihai 371000).
 */
export const DEFAULT_INSURED_POLICIES: ReadonlyMap<string, InsuredPolicy> = new Map(
  [...PROVINCE_POLICIES, weihai(PROVINCE_POLICIES.find((p) => p.province === "37")!.versions[0]!)].map((p) => [p.province, p]),
);

/** A pool's seeded policy, as PolicyBook finds it: its own, else its city's, else its province's. */
export function policyOfPool(insuplcAdmdvs: string): InsuredPolicy | undefined {
  for (const key of poolPolicyKeys(insuplcAdmdvs)) {
    const p = DEFAULT_INSURED_POLICIES.get(key);
    if (p !== undefined) return p;
  }
  return undefined;
}
