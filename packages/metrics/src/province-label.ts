import { provinceByCode, provinceOf } from "@tongxing/domain";

/** The province of an admdvs as a label value: one of the 31 codes, or "unknown" (bounded). */
export function provinceLabel(admdvs: string): string {
  const code = provinceOf(admdvs);
  return provinceByCode(code) === undefined ? "unknown" : code;
}
