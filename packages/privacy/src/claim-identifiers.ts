import { clone, create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { mergeMessageBytes, messageFieldBytes, messageFieldValue, withoutFields } from "@tongxing/proto/wire";
import { ClaimSchema, PersonSchema, type Claim, type Person } from "@tongxing/proto";
import { privacyKeys, type PrivacyKeys } from "./privacy-keys.js";

/** The personal identifiers of a claim's person, sealed at rest (field names as on the wire). */
export const SEALED_PERSON_FIELDS = [
  ["psnNo", "psn_no"],
  ["psnName", "psn_name"],
  ["certno", "certno"],
  ["mdtrtCertNo", "mdtrt_cert_no"],
  ["cardSn", "card_sn"],
] as const satisfies readonly (readonly [keyof Person, string])[];

function mapPerson(p: Person, f: (text: string, field: string) => string): Person {
  const next = clone(PersonSchema, p);
  for (const [key, wire] of SEALED_PERSON_FIELDS) next[key] = f(p[key], `person.${wire}`);
  return next;
}

/**
 * The claim as it is stored and published: a copy whose person identifiers are sealed (the
 * rest is as given). Encode this, never the plain claim, into KV or a stream.
 */
export function sealClaim(claim: Claim, keys: PrivacyKeys = privacyKeys()): Claim {
  if (claim.person === undefined) return claim;
  return create(ClaimSchema, { ...claim, person: mapPerson(claim.person, (t, f) => keys.sealText(t, f)) });
}

/** Opens a claim read from KV or a stream, in place (plain values, stored before, pass). Returns it. */
export function openClaim<C extends Claim | undefined>(claim: C, keys: PrivacyKeys = privacyKeys()): C {
  if (claim?.person !== undefined) claim.person = mapPerson(claim.person, (t, f) => keys.openText(t, f));
  return claim;
}

/** Seals one identifier outside a claim (e.g. a cancel's psn_no); `field` as on the wire. */
export function sealIdentifier(value: string, field: string, keys: PrivacyKeys = privacyKeys()): string {
  return keys.sealText(value, field);
}

export function openIdentifier(value: string, field: string, keys: PrivacyKeys = privacyKeys()): string {
  return keys.openText(value, field);
}

/** A stored value that holds personal data as a whole (a person's filings), sealed. */
export function sealRecordBytes(bytes: Uint8Array, kind: string, keys: PrivacyKeys = privacyKeys()): Uint8Array {
  return keys.sealBytes(bytes, kind);
}

export function openRecordBytes(bytes: Uint8Array, kind: string, keys: PrivacyKeys = privacyKeys()): Uint8Array {
  return keys.openBytes(bytes, kind);
}

/** The KV key segment of a person (insured province's records): HMAC with the lookup key. */
export function personLookupKey(psnNo: string, purpose: string, keys: PrivacyKeys = privacyKeys()): string {
  return keys.lookupHash(psnNo, purpose);
}

/**
 * An encoded claim (as stored or published, identifiers sealed) with its person opened, for a
 * platform that must read it: only the person field is decoded and replaced, the rest (fee lines)
 * goes as the bytes it came in.
 */
export function openClaimBytes(claimBytes: Uint8Array, keys: PrivacyKeys = privacyKeys()): Uint8Array {
  const PERSON = ClaimSchema.field.person.number;
  const personBytes = messageFieldValue(claimBytes, PERSON);
  if (personBytes === undefined) return claimBytes;
  const person = mapPerson(fromBinary(PersonSchema, personBytes), (t, f) => keys.openText(t, f));
  return mergeMessageBytes(withoutFields(claimBytes, [PERSON]), messageFieldBytes(PERSON, toBinary(PersonSchema, person)));
}
