export { CIPHER, PrivacyError, PrivacyKeys, hasInstalledPrivacyKeys, installPrivacyKeys, installServicePrivacyKeys, isSealedBytes, isSealedText, privacyKeys } from "./privacy-keys.js";
export { DEV_PRIVACY_KEY_FILE, ensurePrivacyKeyFile, newPrivacyKeyFile, parsePrivacyKeyFile, readPrivacyKeyFile, rotatePrivacyKeyFile, type PrivacyKeyFile } from "./privacy-key-file.js";
export { SEALED_PERSON_FIELDS, openClaim, openClaimBytes, openIdentifier, openRecordBytes, personLookupKey, sealClaim, sealIdentifier, sealRecordBytes } from "./claim-identifiers.js";
export { openReceivedPayload, sealReceivedPayload } from "./received-payload.js";
