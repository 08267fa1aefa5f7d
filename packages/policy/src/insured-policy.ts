/**
 * An insured region's settlement policy (参保地政策) as the hub keeps it: what the auditor
 * recomputes every adjudication with. Versioned and effective-dated; amounts in fen.
 */
export type PolicyKind = "outpatient" | "inpatient" | "pharmacy";

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
      versions.push({
        version: raw.version,
        effectiveFrom: raw.effectiveFrom,
        deductibleFen: fen(raw.deductibleFen),
        poolRatioPermille: ratio,
        hifpCapFen: fen(raw.hifpCapFen),
        ...(typeof raw.cvlservPermille === "number" ? { cvlservPermille: raw.cvlservPermille } : {}),
        ...(raw.filingRequired === true ? { filingRequired: true } : {}),
        ...(raw.outpatientQuotaFen === undefined ? {} : { outpatientQuotaFen: BigInt(String(raw.outpatientQuotaFen)) }),
      });
    }
    return { province: o.province, versions: versions.sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom)) };
  } catch {
    return undefined;
  }
}
