/**
 * Simulated insured-region policy (参保地政策) of each province's platform: deductible, pooled-fund
 * ratio and cap per claim kind, the civil-servant subsidy, the fund_pay_sumamt convention and the
 * starting personal-account balance of employees. Figures are plausible, not any province's
 * published policy; they are fixed (no randomness) and differ between provinces so that claims
 * routed to different insured regions settle visibly differently.
 *
 * Simplifications: the deductible and the cap apply per claim (real ones are mostly annual),
 * and one pooled ratio applies per kind (real ones vary by hospital tier and age).
 */
import { PROVINCES } from "@tongxing/domain";

/** Claim kind as the policy distinguishes it. */
export type PolicyKind = "outpatient" | "inpatient" | "pharmacy";

/** One insured province's simulated policy. Amounts are bigint fen. */
export interface ProvincePolicy {
  /** Two-digit province code, e.g. "32". */
  readonly provinceCode: string;
  readonly provinceName: string;
  /** 起付线 per claim, fen; inpatient is the largest. */
  readonly deductibleFen: Readonly<Record<PolicyKind, bigint>>;
  /** 统筹基金支付比例 in per-mille of (eligible − deductible), e.g. 880 = 88 %. */
  readonly poolRatioPermille: Readonly<Record<PolicyKind, number>>;
  /** Most the basic pooled fund (hifp_pay) pays for one claim, fen. */
  readonly hifpCapFen: Readonly<Record<PolicyKind, bigint>>;
  /**
   * 公务员医疗补助 for insutype 320: per-mille of the eligible amount the pooled fund and the
   * deductible leave over. Absent where the province's simulated subsidy pays nothing.
   */
  readonly cvlservPermille?: number;
  /**
   * The platform's convention for identities I2/I4: true where its fund_pay_sumamt includes
   * acct_pay. Must agree with the routing table's default (provinces 33, 44, 51).
   */
  readonly fundIncludesAcct: boolean;
  /** Personal-account balance of an employee (insutype 310) before their first claim, fen. */
  readonly accountBalanceFen: bigint;
}

/** Provinces whose simulated platform reports fund_pay_sumamt including acct_pay. */
const FUND_INCLUDES_ACCT: ReadonlySet<string> = new Set(["33", "44", "51"]);

/**
 * Per province, whole yuan except ratios: deductible out/in/pharmacy, ratio ‰ out/in/pharmacy,
 * hifp cap out/in/pharmacy, civil-servant subsidy ‰ (0 = none), employee account balance.
 */
type Row = readonly [string, number, number, number, number, number, number, number, number, number, number, number];

const ROWS: readonly Row[] = [
  ["11", 100, 1300, 0, 700, 900, 600, 400, 500_000, 300, 150, 3000],
  ["12", 80, 1000, 0, 650, 880, 550, 350, 400_000, 250, 120, 2400],
  ["13", 50, 800, 0, 600, 850, 500, 200, 300_000, 150, 100, 1200],
  ["14", 50, 700, 20, 550, 850, 500, 200, 250_000, 150, 0, 1100],
  ["15", 60, 800, 0, 600, 860, 520, 220, 300_000, 150, 100, 1500],
  ["21", 60, 900, 0, 600, 870, 550, 250, 300_000, 180, 120, 1600],
  ["22", 50, 800, 0, 580, 850, 500, 200, 250_000, 150, 0, 1200],
  ["23", 50, 800, 10, 580, 850, 500, 200, 250_000, 150, 100, 1100],
  ["31", 100, 1500, 0, 700, 900, 650, 450, 550_000, 300, 150, 3200],
  ["32", 80, 900, 0, 650, 880, 600, 300, 400_000, 200, 120, 2200],
  ["33", 80, 1000, 0, 700, 880, 600, 350, 400_000, 250, 120, 2600],
  ["34", 50, 700, 0, 600, 850, 500, 200, 300_000, 150, 100, 1300],
  ["35", 60, 800, 0, 620, 860, 550, 250, 300_000, 180, 0, 1700],
  ["36", 50, 600, 20, 600, 850, 500, 180, 250_000, 120, 100, 1100],
  ["37", 60, 800, 0, 620, 870, 550, 250, 300_000, 180, 120, 1500],
  ["41", 40, 700, 0, 600, 850, 500, 180, 300_000, 120, 100, 1100],
  ["42", 50, 800, 0, 600, 860, 520, 200, 300_000, 150, 100, 1400],
  ["43", 50, 800, 10, 580, 850, 500, 200, 280_000, 150, 0, 1300],
  ["44", 80, 1000, 0, 650, 880, 600, 320, 450_000, 220, 150, 2500],
  ["45", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100, 1000],
  ["46", 50, 700, 0, 600, 850, 500, 200, 250_000, 150, 0, 1300],
  ["50", 50, 800, 0, 600, 860, 520, 220, 300_000, 150, 100, 1400],
  ["51", 50, 800, 0, 600, 860, 520, 220, 300_000, 150, 120, 1400],
  ["52", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100, 1000],
  ["53", 40, 600, 20, 580, 850, 500, 180, 250_000, 120, 0, 1000],
  ["54", 0, 400, 0, 700, 900, 600, 250, 300_000, 150, 150, 1800],
  ["61", 50, 700, 0, 600, 850, 500, 200, 280_000, 150, 100, 1200],
  ["62", 40, 600, 0, 580, 850, 500, 180, 250_000, 120, 100, 900],
  ["63", 30, 500, 0, 650, 880, 550, 220, 300_000, 150, 120, 1500],
  ["64", 40, 600, 0, 600, 860, 520, 200, 250_000, 150, 0, 1100],
  ["65", 40, 600, 0, 620, 860, 520, 200, 300_000, 150, 100, 1300],
];

const yuan = (whole: number): bigint => BigInt(whole) * 100n;

function policyOf(row: Row): ProvincePolicy {
  const [code, dOut, dIn, dPh, rOut, rIn, rPh, cOut, cIn, cPh, cvl, balance] = row;
  const province = PROVINCES.find((p) => p.code === code);
  if (province === undefined) throw new Error(`policy row for unknown province ${code}`);
  return {
    provinceCode: code,
    provinceName: province.name,
    deductibleFen: { outpatient: yuan(dOut), inpatient: yuan(dIn), pharmacy: yuan(dPh) },
    poolRatioPermille: { outpatient: rOut, inpatient: rIn, pharmacy: rPh },
    hifpCapFen: { outpatient: yuan(cOut), inpatient: yuan(cIn), pharmacy: yuan(cPh) },
    ...(cvl > 0 ? { cvlservPermille: cvl } : {}),
    fundIncludesAcct: FUND_INCLUDES_ACCT.has(code),
    accountBalanceFen: yuan(balance),
  };
}

/** The 31 provinces' simulated policies, in the order of PROVINCES, keyed by province code. */
export const PROVINCE_POLICIES: ReadonlyMap<string, ProvincePolicy> = new Map(ROWS.map((row) => [row[0], policyOf(row)]));

/**
 * The simulated policy of an insured province, by two-digit province code ("32") or by any
 * admdvs in it ("320100").
 * @throws RangeError for a code of no known province.
 */
export function policyFor(provinceCode: string): ProvincePolicy {
  const code = /^\d{6}$/.test(provinceCode) ? provinceCode.slice(0, 2) : provinceCode;
  const policy = PROVINCE_POLICIES.get(code);
  if (policy === undefined) throw new RangeError(`no simulated policy for province "${provinceCode}"`);
  return policy;
}
