import type { KV } from "@nats-io/kv";
import type { FieldViolation } from "@tongxing/domain";
import { FamilyBindingSchema, FamilyRelation, type FamilyBinding } from "@tongxing/proto";
import { beijingDate } from "./filing-store.js";
import { PersonRecords } from "./person-records.js";

/** Bindings kept per beneficiary: the oldest go once a person has more. */
export const MAX_BINDINGS_PER_PERSON = 20;

const BINDINGS = new PersonRecords(FamilyBindingSchema, "family", MAX_BINDINGS_PER_PERSON, (b) => b.bindingNo);

/**
 * KV key (bucket `filings`) of the family-sharing bindings under which others' accounts may pay
 * for one beneficiary: insured province + a hash of the beneficiary's psn_no (never the id itself).
 */
export const familyBindingKey = (insuplcAdmdvs: string, beneficiaryPsnNo: string): string => BINDINGS.key(insuplcAdmdvs, beneficiaryPsnNo);

/** The bindings naming a person as beneficiary (empty when none). */
export const familyBindingsOf = (kv: KV, insuplcAdmdvs: string, beneficiaryPsnNo: string): Promise<FamilyBinding[]> => BINDINGS.list(kv, insuplcAdmdvs, beneficiaryPsnNo);

/** Adds or replaces (by binding_no) a binding. */
export const putFamilyBinding = (kv: KV, binding: FamilyBinding): Promise<FamilyBinding[]> => BINDINGS.put(kv, binding.insuplcAdmdvs, binding.beneficiaryPsnNo, binding);

/** Removes a binding; resolves with whether it existed. */
export const cancelFamilyBinding = (kv: KV, insuplcAdmdvs: string, beneficiaryPsnNo: string, bindingNo: string): Promise<boolean> => BINDINGS.remove(kv, insuplcAdmdvs, beneficiaryPsnNo, bindingNo);

/** Whether a binding is in force on the day (Beijing time) of an instant, both days included. */
export function bindingInForce(b: FamilyBinding, atMs: number): boolean {
  const day = beijingDate(atMs);
  return b.begndate <= day && (b.enddate === "" || day <= b.enddate);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Field problems of a binding, named by proto path. */
export function validateFamilyBinding(b: FamilyBinding | undefined): FieldViolation[] {
  if (b === undefined) return [{ field: "binding", description: "is required" }];
  const v: FieldViolation[] = [];
  if (!/^[0-9A-Za-z_-]{1,40}$/.test(b.bindingNo)) v.push({ field: "binding.binding_no", description: "must be 1–40 letters, digits, _ or -" });
  if (b.holderPsnNo === "" || b.holderPsnNo.length > 30) v.push({ field: "binding.holder_psn_no", description: "is required (≤ 30)" });
  if (b.beneficiaryPsnNo === "" || b.beneficiaryPsnNo.length > 30) v.push({ field: "binding.beneficiary_psn_no", description: "is required (≤ 30)" });
  else if (b.beneficiaryPsnNo === b.holderPsnNo) v.push({ field: "binding.beneficiary_psn_no", description: "must differ from holder_psn_no (one's own account is acct_pay)" });
  if (!/^\d{6}$/.test(b.insuplcAdmdvs)) v.push({ field: "binding.insuplc_admdvs", description: "must be 6 digits" });
  if (b.relation === FamilyRelation.UNSPECIFIED) v.push({ field: "binding.relation", description: "is required (spouse, child or parent)" });
  if (!DATE.test(b.begndate)) v.push({ field: "binding.begndate", description: "must be yyyy-MM-dd" });
  if (b.enddate !== "" && (!DATE.test(b.enddate) || (DATE.test(b.begndate) && b.enddate < b.begndate))) v.push({ field: "binding.enddate", description: "must be yyyy-MM-dd, not before begndate, or empty" });
  return v;
}
