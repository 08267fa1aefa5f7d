export { versionAt, policyFromJson, policyToJson } from "./insured-policy.js";
export type { InsuredPolicy, InsuredPolicyVersion, PolicyKind } from "./insured-policy.js";
export { DEFAULT_INSURED_POLICIES, DEFAULT_POLICY_EFFECTIVE_FROM } from "./default-policies.js";
export { PolicyBook, watchPolicies, seedPolicies, putPolicy, policyKey } from "./policy-store.js";
