/**
 * Simulated insured-region policy (参保地政策) of each province's platform: deductible, pooled-fund
 * ratio and cap per claim kind, the civil-servant subsidy, the fund_pay_sumamt convention and the
 * starting personal-account balance of employees. Figures are plausible, not any province's
 * published policy; they are fixed (no randomness) and differ between provinces so that claims
 * routed to different insured regions settle visibly differently.
 *
 * The figures are the hub's seeded policies (DEFAULT_INSURED_POLICIES, the same source the
 * auditor's rule P1 recomputes with), including a pool's own policy where one is seeded (Weihai
 * 371000 within Shandong): per-level and per-med_type ratios and the first self-pay share of
 * temporary travellers.
 *
 * Simplifications: the deductible and the cap apply per claim (real ones are mostly annual).
 */
import { PROVINCES } from "@tongxing/domain";
import { DEFAULT_INSURED_POLICIES, policyOfPool, type InsuredPolicyVersion } from "@tongxing/policy";

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
  /** Ratio overrides by institution level and by med_type, as in the insured policy. */
  readonly levelRatioPermille?: InsuredPolicyVersion["levelRatioPermille"];
  readonly medTypeRatioPermille?: InsuredPolicyVersion["medTypeRatioPermille"];
  /** First self-pay share of temporary travellers, as in the insured policy. */
  readonly firstSelfPay?: InsuredPolicyVersion["firstSelfPay"];
  /** The pool whose own policy this is (6-digit admdvs), when not the province's. */
  readonly pool?: string;
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

function policyOf(row: Row, insured: InsuredPolicyVersion | undefined = DEFAULT_INSURED_POLICIES.get(row[0])?.versions[0], pool?: string): ProvincePolicy {
  const [code, balance] = row;
  const province = PROVINCES.find((p) => p.code === code);
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
    ...(insured.levelRatioPermille === undefined ? {} : { levelRatioPermille: insured.levelRatioPermille }),
    ...(insured.medTypeRatioPermille === undefined ? {} : { medTypeRatioPermille: insured.medTypeRatioPermille }),
    ...(insured.firstSelfPay === undefined ? {} : { firstSelfPay: insured.firstSelfPay }),
    ...(pool === undefined ? {} : { pool }),
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

const POOL_POLICIES = new Map<string, ProvincePolicy>();

/**
 * The simulated policy of an insured pooling region, as the hub's PolicyBook finds it: the pool's
 * own (or its city's) seeded policy (e.g. Weihai "371000" for 371000 and 371002) where there is
 * one, else its province's.
 * @throws RangeError for an admdvs of no known province.
 */
export function policyForPool(insuplcAdmdvs: string): ProvincePolicy {
  const province = policyFor(insuplcAdmdvs);
  const pool = policyOfPool(insuplcAdmdvs);
  if (pool === undefined || pool.province.length !== 6) return province;
  let policy = POOL_POLICIES.get(pool.province);
  if (policy === undefined) {
    const row = ROWS.find((r) => r[0] === province.provinceCode)!;
    policy = policyOf(row, pool.versions[0], pool.province);
    POOL_POLICIES.set(pool.province, policy);
  }
  return policy;
}
