export { filingKey, filingsOf, putFiling, cancelFiling, filingCovers, MAX_FILINGS_PER_PERSON } from "./filing-store.js";
export { validateFiling } from "./filing-validation.js";
