export { versionAt, policyFromJson, policyToJson, poolRatioFor, firstSelfPayPermille, levelFor, isRemoteCare, FIRST_SELF_PAY_CATEGORIES } from "./insured-policy.js";
export type { InsuredPolicy, InsuredPolicyVersion, PolicyKind, TravellerCategory, FirstSelfPayCategory, FirstSelfPayPolicy } from "./insured-policy.js";
export { DEFAULT_INSURED_POLICIES, DEFAULT_POLICY_EFFECTIVE_FROM, policyOfPool } from "./default-policies.js";
export { PolicyBook, watchPolicies, seedPolicies, putPolicy, policyKey, poolPolicyKeys } from "./policy-store.js";
