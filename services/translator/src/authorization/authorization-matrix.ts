import type { RoutingTable } from "@tongxing/routing";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";

/**
 * Who may do what, once for every RPC. The caller is the platform its client certificate names
 * (the identity interceptor); a refusal is PERMISSION_DENIED and names the rule. Tested cell by
 * cell in test/security/authorization-matrix.test.ts; docs/security.md lists the rules.
 *
 * | rule | RPCs | allowed when |
 * |---|---|---|
 * | authz.treatment-region | SubmitClaim, SettleClaim | the caller serves the claim's treatment region (mdtrtarea_admvs) |
 * | authz.insured-region | PutFiling, CancelFiling, PutFamilyBinding, CancelFamilyBinding | the caller serves the person's insured region (insuplc_admdvs) |
 * | authz.institution-region | PutInstitution | the caller serves the institution's region (admdvs) |
 *
 * GetInstitutionStatus is open to every platform: whether an institution is networked is what
 * every treatment and insured side must know, and it names no person.
 *
 * Rules that scope by lookup rather than refuse (so a caller cannot learn that someone else's
 * claim exists): GetClaim answers NOT_FOUND unless the caller submitted or insures the claim
 * ({@link isClaimParty}); CancelSettlement finds settlements only in the caller's own index of
 * the claims it submitted; Reconciliation reads only the caller's side of the ledger; a
 * ProvinceLink session receives only DELIVERY.<caller> (claims insured by regions the caller
 * serves) and the results of the caller's own claims.
 */
export const AuthzRule = {
  TREATMENT_REGION: "authz.treatment-region",
  INSURED_REGION: "authz.insured-region",
  INSTITUTION_REGION: "authz.institution-region",
} as const;
export type AuthzRule = (typeof AuthzRule)[keyof typeof AuthzRule];

function deny(rule: AuthzRule, message: string): never {
  throw new HubError(HubErrorCode.PERMISSION_DENIED, `${rule}: ${message}`);
}

/** SubmitClaim / SettleClaim: a platform submits only claims treated in a region it serves. */
export function authorizeSubmission(routing: RoutingTable, caller: string, mdtrtareaAdmvs: string): void {
  const serving = routing.servingPlatformId(mdtrtareaAdmvs);
  if (serving !== caller) {
    deny(AuthzRule.TREATMENT_REGION, `platform ${caller} does not serve treatment region ${mdtrtareaAdmvs.slice(0, 12)} (mdtrtarea_admvs); only the treatment side submits its claims`);
  }
}

/** FilingRegistry: a platform files and binds only for persons insured in a region it serves. */
export function authorizeInsuredRegion(routing: RoutingTable, caller: string, insuplcAdmdvs: string): void {
  const serving = routing.servingPlatformId(insuplcAdmdvs);
  if (serving !== caller) {
    deny(AuthzRule.INSURED_REGION, `platform ${caller} does not serve insured region ${insuplcAdmdvs.slice(0, 12)} (insuplc_admdvs); only the insured region files`);
  }
}

/** InstitutionRegistry.PutInstitution: only the platform serving the institution's region manages its entry. */
export function authorizeInstitutionRegion(routing: RoutingTable, caller: string, admdvs: string): void {
  if (routing.servingPlatformId(admdvs) !== caller) {
    deny(AuthzRule.INSTITUTION_REGION, `platform ${caller} does not serve region ${admdvs.slice(0, 12)} (admdvs); only the institution's own province manages its entry`);
  }
}

/** GetClaim: the claim's submitter and the platform insuring it are its parties. */
export function isClaimParty(routing: RoutingTable, caller: string, claim: { readonly submitterPlatform: string; readonly insuplcAdmdvs: string }): boolean {
  return claim.submitterPlatform === caller || routing.servingPlatformId(claim.insuplcAdmdvs) === caller;
}
