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
import { DEFAULT_INSURED_POLICIES } from "@tongxing/policy";

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
type Row = readonly [string, number];

/** Per province: the simulated starting balance of an employee's personal account, yuan. */
const ROWS: readonly Row[] = [
  ["11", 3000],
  ["12", 2400],
  ["13", 1200],
  ["14", 1100],
  ["15", 1500],
  ["21", 1600],
  ["22", 1200],
  ["23", 1100],
  ["31", 3200],
  ["32", 2200],
  ["33", 2600],
  ["34", 1300],
  ["35", 1700],
  ["36", 1100],
  ["37", 1500],
  ["41", 1100],
  ["42", 1400],
  ["43", 1300],
  ["44", 2500],
  ["45", 1000],
  ["46", 1300],
  ["50", 1400],
  ["51", 1400],
  ["52", 1000],
  ["53", 1000],
  ["54", 1800],
  ["61", 1200],
  ["62", 900],
  ["63", 1500],
  ["64", 1100],
  ["65", 1300],
];

const yuan = (whole: number): bigint => BigInt(whole) * 100n;

function policyOf(row: Row): ProvincePolicy {
  const [code, balance] = row;
  const province = PROVINCES.find((p) => p.code === code);
  const insured = DEFAULT_INSURED_POLICIES.get(code)?.versions[0];
  if (province === undefined || insured === undefined) throw new Error(`policy row for unknown province ${code}`);
  return {
    provinceCode: code,
    provinceName: province.name,
    deductibleFen: insured.deductibleFen,
    poolRatioPermille: insured.poolRatioPermille,
    hifpCapFen: insured.hifpCapFen,
    ...(insured.cvlservPermille === undefined ? {} : { cvlservPermille: insured.cvlservPermille }),
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
