export { createClaimStore, DEFAULT_MAX_RECORD_BYTES, openClaimStore } from "./claim-store.js";
export type { ChainHook, ClaimStore, ClaimStoreOptions, CreateOutcome, RecordFields, Reservation, StoredRecord, Transitioned, TransitionOptions, TransitionStep } from "./claim-store.js";
export { ClaimStoreError, ClaimStoreErrorCode, isClaimStoreError } from "./claim-store-error.js";
export { AllowedFrom, CLAIM_TRANSITIONS, isAllowedTransition } from "./claim-lifecycle.js";
export { MAX_ENCOUNTERS } from "./person-history.js";
export type { HistoryRead, PastEncounter, PersonHistory } from "./person-history.js";
export { isInterim } from "./encounter-parts.js";
export type { EncounterPart } from "./encounter-parts.js";
