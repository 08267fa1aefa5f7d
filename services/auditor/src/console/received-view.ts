import { displayReceivedMessage, type ReceivedDisplay } from "@tongxing/dialects";
import { ClaimStatus, type Claim, type ClaimRecord } from "@tongxing/proto";
import { openReceivedPayload, PrivacyError } from "@tongxing/privacy";
import { maskIdNumber, maskName, PERSONAL_ID_FIELDS, PERSONAL_NAME_FIELDS } from "@tongxing/telemetry";

const ID_FIELDS: ReadonlySet<string> = new Set(PERSONAL_ID_FIELDS);
const NAME_FIELDS: ReadonlySet<string> = new Set(PERSONAL_NAME_FIELDS);
/** A JSON member whose key names a personal identifier (as in the logs' masking), in indented text. */
const JSON_IDENTIFIER = new RegExp(`"(${[...PERSONAL_ID_FIELDS, ...PERSONAL_NAME_FIELDS].join("|")})": "((?:[^"\\\\]|\\\\.)*)"`, "g");
/** Shorter values are not searched for in the text (one digit would mask every digit). */
const MIN_REPLACED_LENGTH = 2;

/** The SM3 of the whole message as received, as the claim's RECEIVED event (and so the audit chain) holds it. */
export function receivedDigest(record: ClaimRecord): Uint8Array | undefined {
  const digest = record.events.find((e) => e.status === ClaimStatus.RECEIVED)?.evidence?.receivedDigest;
  return digest === undefined || digest.byteLength === 0 ? undefined : digest;
}

/** The bytes the record keeps of the message as received (opened), or undefined when it keeps none. */
export function receivedBytes(record: ClaimRecord): Uint8Array | undefined {
  const r = record.received;
  return r === undefined ? undefined : openReceivedPayload(r.sealedPayload);
}

/** The claim's personal identifiers and how the console shows them masked, longest first. */
function identifierMasks(claim: Claim | undefined): (readonly [string, string])[] {
  const p = claim?.person;
  if (p === undefined) return [];
  const masks: (readonly [string, string])[] = [[p.psnName, maskName(p.psnName)], ...[p.psnNo, p.certno, p.mdtrtCertNo, p.cardSn].map((v) => [v, maskIdNumber(v)] as const)];
  return masks.filter(([v]) => v.length >= MIN_REPLACED_LENGTH).sort((a, b) => b[0].length - a[0].length);
}

function maskText(text: string, masks: readonly (readonly [string, string])[]): string {
  let out = text.replace(JSON_IDENTIFIER, (_, key: string, value: string) => `"${key}": "${NAME_FIELDS.has(key) ? maskName(value) : maskIdNumber(value)}"`);
  for (const [value, masked] of masks) out = out.replaceAll(value, masked);
  return out;
}

/**
 * The display with personal identifiers masked as elsewhere in the console: every occurrence of the
 * claim's person identifiers (psn_no, certno, mdtrt_cert_no, card_sn as `370102********1234`,
 * psn_name as `张**`), and the values of fields or JSON members named as identifiers (the logs'
 * list: psn_no, certno, mdtrt_cert_no, card_sn, psn_name, opter_name).
 */
export function maskReceivedDisplay(display: ReceivedDisplay, claim: Claim | undefined): ReceivedDisplay {
  const masks = identifierMasks(claim);
  if (display.format !== "fixed-width") return { format: display.format, text: maskText(display.text, masks) };
  return {
    ...display,
    records: display.records.map((r) => ({
      ...r,
      fields: r.fields.map((f) => ({ ...f, value: ID_FIELDS.has(f.name) ? maskIdNumber(f.value) : NAME_FIELDS.has(f.name) ? maskName(f.value) : maskText(f.value, masks) })),
    })),
  };
}

/**
 * What the console shows of the message as received: dialect, media type, size, how much of it the
 * record keeps, the SM3 the audit chain holds, and the message decoded for display (identifiers
 * masked unless `unmasked`); null for a claim whose record keeps none (received before it was
 * kept). A copy that cannot be opened with this hub's privacy keys says so instead of a display.
 */
export function receivedView(record: ClaimRecord, unmasked = false) {
  const r = record.received;
  if (r === undefined) return null;
  const digest = receivedDigest(record);
  const head = {
    dialect: r.dialect,
    content_type: r.contentType,
    size_bytes: r.sizeBytes.toString(),
    truncated: r.truncated,
    sm3_hex: digest === undefined ? null : Buffer.from(digest).toString("hex"),
  };
  let bytes: Uint8Array;
  try {
    bytes = openReceivedPayload(r.sealedPayload);
  } catch (err) {
    if (!(err instanceof PrivacyError)) throw err;
    return { ...head, kept_bytes: null, display: null, unreadable: err.message };
  }
  const display = displayReceivedMessage(r.dialect, bytes, r.truncated);
  return { ...head, kept_bytes: bytes.byteLength, display: unmasked ? display : maskReceivedDisplay(display, record.claim), unreadable: null };
}
export type ReceivedView = ReturnType<typeof receivedView>;
