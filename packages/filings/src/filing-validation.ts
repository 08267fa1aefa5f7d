import type { FieldViolation } from "@tongxing/domain";
import { FilingType, type Filing } from "@tongxing/proto";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Field problems of a filing, named by proto path. */
export function validateFiling(f: Filing | undefined): FieldViolation[] {
  if (f === undefined) return [{ field: "filing", description: "is required" }];
  const v: FieldViolation[] = [];
  if (!/^[0-9A-Za-z_-]{1,40}$/.test(f.filingNo)) v.push({ field: "filing.filing_no", description: "must be 1–40 letters, digits, _ or -" });
  if (f.psnNo === "" || f.psnNo.length > 30) v.push({ field: "filing.psn_no", description: "is required (≤ 30)" });
  if (!/^\d{6}$/.test(f.insuplcAdmdvs)) v.push({ field: "filing.insuplc_admdvs", description: "must be 6 digits" });
  if (!/^\d{6}$/.test(f.mdtrtareaAdmvs)) v.push({ field: "filing.mdtrtarea_admvs", description: "must be 6 digits (a region, or a province as xx0000)" });
  if (f.filingType === FilingType.UNSPECIFIED) v.push({ field: "filing.filing_type", description: "is required" });
  if (!DATE.test(f.begndate)) v.push({ field: "filing.begndate", description: "must be yyyy-MM-dd" });
  if (f.enddate !== "" && (!DATE.test(f.enddate) || f.enddate < f.begndate)) v.push({ field: "filing.enddate", description: "must be yyyy-MM-dd, not before begndate, or empty" });
  return v;
}
