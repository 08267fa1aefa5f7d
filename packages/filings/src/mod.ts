export { filingKey, filingsOf, putFiling, cancelFiling, filingCovers, MAX_FILINGS_PER_PERSON } from "./filing-store.js";
export { validateFiling } from "./filing-validation.js";
export { travellerCategory, EMERGENCY_MED_TYPES } from "./traveller-category.js";
export { familyBindingKey, familyBindingsOf, putFamilyBinding, cancelFamilyBinding, bindingInForce, validateFamilyBinding, MAX_BINDINGS_PER_PERSON } from "./family-binding-store.js";
export { institutionEntryKey, institutionEnforcementKey, validateInstitution, statusOn, entryStatusOn, parseInstitutionEntry, putInstitution, getInstitution, watchInstitutionRegistry, MAX_STATUS_CHANGES } from "./institution-registry.js";
export type { InstitutionStatusOn, WatchedInstitutions } from "./institution-registry.js";
