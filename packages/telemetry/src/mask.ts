/**
 * Masking of personal identifiers before they reach logs, metrics or the dashboard.
 * ID numbers keep their first 6 (region) and last 4 characters; names keep the family name.
 */

/** "320102199001011234" → "320102********1234"; short values are masked whole. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return "*".repeat(value.length);
  return value.slice(0, 6) + "*".repeat(value.length - 10) + value.slice(-4);
}

/** "张三丰" → "张**"; keeps the first character only. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(chars.length - 1);
}

/** Fields that hold personal identifiers, by national data element name (and camelCase). */
export const PERSONAL_ID_FIELDS = ["certno", "mdtrt_cert_no", "mdtrtCertNo", "psn_no", "psnNo", "card_sn", "cardSn"] as const;
export const PERSONAL_NAME_FIELDS = ["psn_name", "psnName", "opter_name", "opterName"] as const;
