/**
 * An insured region's settlement policy (参保地政策) as the hub keeps it: what the auditor
 * recomputes every adjudication with. Versioned and effective-dated; amounts in fen.
 */
export type PolicyKind = "outpatient" | "inpatient" | "pharmacy";

/**
 * How a remote encounter stands with the insured region, for the reduced benefits of temporary
 * travellers (临时外出就医), from the person's filings (备案) on the day of care:
 * "long-term" a long-term-resident filing covers it (local-level benefits, no first self-pay);
 * "referral" a referral filing covers it; "emergency" emergency care (med_type 13, 24: deemed
 * filed) without such a filing; "temporary" another temporary filing covers it; "unfiled" none.
 */
export type TravellerCategory = "long-term" | "referral" | "emergency" | "temporary" | "unfiled";

/** Categories whose first self-pay share an insured region may set (long-term residents have none). */
export const FIRST_SELF_PAY_CATEGORIES = ["referral", "emergency", "temporary", "unfiled"] as const;
export type FirstSelfPayCategory = (typeof FIRST_SELF_PAY_CATEGORIES)[number];

/** 首先自付: the share temporary travellers pay first, before deductible and ratio. */
export interface FirstSelfPayPolicy {
  /** Per mille of inscp_scp_amt, per category; a category not named pays none. */
  readonly permille: Readonly<Partial<Record<FirstSelfPayCategory, number>>>;
  /** The kinds of care it applies to; absent = every kind. */
  readonly kinds?: readonly PolicyKind[];
  /**
   * Unfiled care is reimbursed at this institution level's ratio whatever the institution's own
   * level (Weihai: unfiled care "then its tier-3 hospital rules"); absent = the institution's.
   */
  readonly unfiledAsLevel?: string;
}

export interface InsuredPolicyVersion {
  /** Monotonic version label, e.g. "2026-01". */
  readonly version: string;
  /** ISO 8601 instant with offset from which this version applies (by encounter time). */
  readonly effectiveFrom: string;
  /** 起付线 per claim, fen. */
  readonly deductibleFen: Readonly<Record<PolicyKind, bigint>>;
  /** Pooled-fund share of (eligible − deductible), per mille. */
  readonly poolRatioPermille: Readonly<Record<PolicyKind, number>>;
  /** Most the pooled fund (hifp_pay) pays for one claim, fen. */
  readonly hifpCapFen: Readonly<Record<PolicyKind, bigint>>;
  /** Civil-servant subsidy (insutype 320), per mille of what the fund leaves of the eligible amount. */
  readonly cvlservPermille?: number;
  /** Whether cross-province care needs a filing (备案) valid at the encounter (emergencies excepted). */
  readonly filingRequired?: boolean;
  /** Annual outpatient pooled-fund quota per person (remote use counted by the hub), fen. */
  readonly outpatientQuotaFen?: bigint;
  /**
   * Pooled ratio per mille by institution level (the `level` of the institution's entry in the
   * `institutions` bucket, e.g. "1", "2", "3"), per kind; overrides poolRatioPermille. A claim whose
   * institution level is unknown, or a level or kind not named, gets the base ratio.
   */
  readonly levelRatioPermille?: Readonly<Record<string, Readonly<Partial<Record<PolicyKind, number>>>>>;
  /** Pooled ratio per mille by med_type (e.g. "14" chronic disease); overrides level and base. */
  readonly medTypeRatioPermille?: Readonly<Record<string, number>>;
  /** First self-pay share of temporary travellers (remote care only); absent = none. */
  readonly firstSelfPay?: FirstSelfPayPolicy;
}

export interface InsuredPolicy {
  /** The pool it applies to: a 6-digit pooling region (admdvs), or a 2-digit province for all its pools. */
  readonly province: string;
  /** Oldest first. */
  readonly versions: readonly InsuredPolicyVersion[];
}

/** The version in force at an instant (by effectiveFrom), or undefined before the first. */
export function versionAt(policy: InsuredPolicy, atMs: number): InsuredPolicyVersion | undefined {
  let found: InsuredPolicyVersion | undefined;
  for (const v of policy.versions) if (Date.parse(v.effectiveFrom) <= atMs) found = v;
  return found;
}

const KINDS: readonly PolicyKind[] = ["outpatient", "inpatient", "pharmacy"];

/**
 * The pooled ratio (per mille) for a claim: the med_type override, else the institution level's
 * for the kind (`level` undefined when the institution's level is unknown), else the kind's base.
 */
export function poolRatioFor(v: Pick<InsuredPolicyVersion, "poolRatioPermille" | "levelRatioPermille" | "medTypeRatioPermille">, kind: PolicyKind, medType: string, level: string | undefined): number {
  const byMedType = v.medTypeRatioPermille?.[medType];
  if (byMedType !== undefined) return byMedType;
  const byLevel = level === undefined ? undefined : v.levelRatioPermille?.[level]?.[kind];
  return byLevel ?? v.poolRatioPermille[kind];
}

/** The first self-pay share (per mille of inscp_scp_amt) of a remote encounter of `kind` in `category`. */
export function firstSelfPayPermille(v: Pick<InsuredPolicyVersion, "firstSelfPay">, kind: PolicyKind, category: TravellerCategory): number {
  const fsp = v.firstSelfPay;
  if (fsp === undefined || category === "long-term") return 0;
  if (fsp.kinds !== undefined && !fsp.kinds.includes(kind)) return 0;
  return fsp.permille[category] ?? 0;
}

/** The institution level whose ratio applies: unfiled care may be reimbursed as at a set level. */
export function levelFor(v: Pick<InsuredPolicyVersion, "firstSelfPay">, category: TravellerCategory, institutionLevel: string | undefined): string | undefined {
  return category === "unfiled" && v.firstSelfPay?.unfiledAsLevel !== undefined ? v.firstSelfPay.unfiledAsLevel : institutionLevel;
}

/**
 * Whether care in `mdtrtareaAdmvs` is remote (异地) for a person insured in `insuplcAdmdvs`: the
 * first four digits (province and city) differ. Only remote care has a first self-pay share.
 */
export function isRemoteCare(mdtrtareaAdmvs: string, insuplcAdmdvs: string): boolean {
  return mdtrtareaAdmvs.slice(0, 4) !== insuplcAdmdvs.slice(0, 4);
}

const isPermille = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 1000;

/** Parses the optional ratio tables and first self-pay; undefined (the whole policy unusable) when malformed. */
function parseExtras(raw: Record<string, unknown>): Partial<Pick<InsuredPolicyVersion, "levelRatioPermille" | "medTypeRatioPermille" | "firstSelfPay">> | undefined {
  const out: { levelRatioPermille?: Record<string, Partial<Record<PolicyKind, number>>>; medTypeRatioPermille?: Record<string, number>; firstSelfPay?: FirstSelfPayPolicy } = {};
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  if (raw.levelRatioPermille !== undefined) {
    if (!isObject(raw.levelRatioPermille)) return undefined;
    const table: Record<string, Partial<Record<PolicyKind, number>>> = {};
    for (const [level, perKind] of Object.entries(raw.levelRatioPermille)) {
      if (!isObject(perKind)) return undefined;
      const row: Partial<Record<PolicyKind, number>> = {};
      for (const [k, r] of Object.entries(perKind)) {
        if (!(KINDS as readonly string[]).includes(k) || !isPermille(r)) return undefined;
        row[k as PolicyKind] = r;
      }
      table[level] = row;
    }
    out.levelRatioPermille = table;
  }
  if (raw.medTypeRatioPermille !== undefined) {
    if (!isObject(raw.medTypeRatioPermille)) return undefined;
    const table: Record<string, number> = {};
    for (const [medType, r] of Object.entries(raw.medTypeRatioPermille)) {
      if (!isPermille(r)) return undefined;
      table[medType] = r;
    }
    out.medTypeRatioPermille = table;
  }
  if (raw.firstSelfPay !== undefined) {
    const f = raw.firstSelfPay;
    if (!isObject(f) || !isObject(f.permille)) return undefined;
    const permille: Partial<Record<FirstSelfPayCategory, number>> = {};
    for (const [c, r] of Object.entries(f.permille)) {
      if (!(FIRST_SELF_PAY_CATEGORIES as readonly string[]).includes(c) || !isPermille(r)) return undefined;
      permille[c as FirstSelfPayCategory] = r;
    }
    if (f.kinds !== undefined && (!Array.isArray(f.kinds) || f.kinds.some((k) => !(KINDS as readonly unknown[]).includes(k)))) return undefined;
    if (f.unfiledAsLevel !== undefined && typeof f.unfiledAsLevel !== "string") return undefined;
    out.firstSelfPay = {
      permille,
      ...(f.kinds === undefined ? {} : { kinds: f.kinds as PolicyKind[] }),
      ...(f.unfiledAsLevel === undefined ? {} : { unfiledAsLevel: f.unfiledAsLevel as string }),
    };
  }
  return out;
}

/** JSON for the KV bucket (bigint amounts as decimal text, so operators can read and edit it). */
export function policyToJson(policy: InsuredPolicy): string {
  return JSON.stringify(policy, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Parses and validates a stored policy; undefined when unusable. */
export function policyFromJson(text: string): InsuredPolicy | undefined {
  try {
    const o = JSON.parse(text) as { province?: unknown; versions?: unknown };
    if (typeof o.province !== "string" || !Array.isArray(o.versions)) return undefined;
    const versions: InsuredPolicyVersion[] = [];
    for (const raw of o.versions as Record<string, unknown>[]) {
      const fen = (x: unknown) => {
        const r = x as Record<string, unknown>;
        return Object.fromEntries(KINDS.map((k) => [k, BigInt(String(r[k]))])) as Record<PolicyKind, bigint>;
      };
      const permille = (x: unknown) => {
        const r = x as Record<string, unknown>;
        return Object.fromEntries(KINDS.map((k) => [k, Number(r[k])])) as Record<PolicyKind, number>;
      };
      if (typeof raw.version !== "string" || typeof raw.effectiveFrom !== "string" || Number.isNaN(Date.parse(raw.effectiveFrom))) return undefined;
      const ratio = permille(raw.poolRatioPermille);
      if (KINDS.some((k) => !Number.isInteger(ratio[k]) || ratio[k] < 0 || ratio[k] > 1000)) return undefined;
      const extras = parseExtras(raw);
      if (extras === undefined) return undefined;
      versions.push({
        version: raw.version,
        effectiveFrom: raw.effectiveFrom,
        deductibleFen: fen(raw.deductibleFen),
        poolRatioPermille: ratio,
        hifpCapFen: fen(raw.hifpCapFen),
        ...(typeof raw.cvlservPermille === "number" ? { cvlservPermille: raw.cvlservPermille } : {}),
        ...(raw.filingRequired === true ? { filingRequired: true } : {}),
        ...(raw.outpatientQuotaFen === undefined ? {} : { outpatientQuotaFen: BigInt(String(raw.outpatientQuotaFen)) }),
        ...extras,
      });
    }
    return { province: o.province, versions: versions.sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom)) };
  } catch {
    return undefined;
  }
}
