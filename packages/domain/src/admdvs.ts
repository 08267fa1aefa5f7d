/**
 * 医保区划 (admdvs): 6-digit region codes after GB/T 2260 — 2 digits province, 2 city, 2 county.
 */

const ADMDVS_PATTERN = /^\d{6}$/;

export function isAdmdvs(text: string): boolean {
  return ADMDVS_PATTERN.test(text);
}

/** The province part: "370100" → "37". */
export function provinceOf(admdvs: string): string {
  return admdvs.slice(0, 2);
}

/** Cross-province iff the province digits differ. */
export function isCrossProvince(a: string, b: string): boolean {
  return provinceOf(a) !== provinceOf(b);
}
