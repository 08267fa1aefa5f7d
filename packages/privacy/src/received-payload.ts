import { privacyKeys, type PrivacyKeys } from "./privacy-keys.js";

/** Associated data of a sealed received message: a copy moved into another field does not open. */
const RECEIVED_KIND = "claim.received";

/**
 * Seals the bytes of a message as a platform sent it (it holds personal identifiers in the
 * dialect's own layout, so it is sealed whole): what a claim record keeps in `received`.
 */
export function sealReceivedPayload(payload: Uint8Array, keys: PrivacyKeys = privacyKeys()): Uint8Array {
  return keys.sealBytes(payload, RECEIVED_KIND);
}

/** The bytes {@link sealReceivedPayload} sealed; throws PrivacyError when they do not authenticate. */
export function openReceivedPayload(sealed: Uint8Array, keys: PrivacyKeys = privacyKeys()): Uint8Array {
  return keys.openBytes(sealed, RECEIVED_KIND);
}
