import { createHash } from "node:crypto";
import { fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { provinceOf, type FieldViolation } from "@tongxing/domain";
import { FamilyBindingSchema, FamilyRelation, type FamilyBinding } from "@tongxing/proto";
import { beijingDate } from "./filing-store.js";

/** Bindings kept per beneficiary: the oldest go once a person has more. */
export const MAX_BINDINGS_PER_PERSON = 20;

/**
 * KV key (bucket `filings`) of the family-sharing bindings under which others' accounts may pay
 * for one beneficiary: insured province + a hash of the beneficiary's psn_no (never the id itself).
 */
export function familyBindingKey(insuplcAdmdvs: string, beneficiaryPsnNo: string): string {
  return `family.${provinceOf(insuplcAdmdvs)}.${createHash("sha256").update(beneficiaryPsnNo).digest("hex").slice(0, 32)}`;
}

const decode = (bytes: Uint8Array): FamilyBinding[] => (JSON.parse(new TextDecoder().decode(bytes)) as JsonValue[]).map((j) => fromJson(FamilyBindingSchema, j));
const encode = (list: readonly FamilyBinding[]): Uint8Array => new TextEncoder().encode(JSON.stringify(list.map((b) => toJson(FamilyBindingSchema, b))));

/** The bindings naming a person as beneficiary (empty when none). */
export async function familyBindingsOf(kv: KV, insuplcAdmdvs: string, beneficiaryPsnNo: string): Promise<FamilyBinding[]> {
  const e = await kv.get(familyBindingKey(insuplcAdmdvs, beneficiaryPsnNo));
  return e === null || e.operation !== "PUT" ? [] : decode(e.value);
}

async function updateBindings(kv: KV, insuplcAdmdvs: string, beneficiaryPsnNo: string, change: (list: FamilyBinding[]) => FamilyBinding[]): Promise<FamilyBinding[]> {
  const key = familyBindingKey(insuplcAdmdvs, beneficiaryPsnNo);
  for (let attempt = 0; attempt < 10; attempt++) {
    const e = await kv.get(key);
    const current = e === null || e.operation !== "PUT" ? [] : decode(e.value);
    const next = change(current).slice(-MAX_BINDINGS_PER_PERSON);
    try {
      if (e === null || e.operation !== "PUT") await kv.create(key, encode(next));
      else await kv.update(key, encode(next), e.revision);
      return next;
    } catch {
      // another writer got there first: read again
    }
  }
  throw new Error("family-binding store contended");
}

/** Adds or replaces (by binding_no) a binding. */
export function putFamilyBinding(kv: KV, binding: FamilyBinding): Promise<FamilyBinding[]> {
  return updateBindings(kv, binding.insuplcAdmdvs, binding.beneficiaryPsnNo, (list) => [...list.filter((b) => b.bindingNo !== binding.bindingNo), binding]);
}

/** Removes a binding; resolves with whether it existed. */
export async function cancelFamilyBinding(kv: KV, insuplcAdmdvs: string, beneficiaryPsnNo: string, bindingNo: string): Promise<boolean> {
  let existed = false;
  await updateBindings(kv, insuplcAdmdvs, beneficiaryPsnNo, (list) => {
    existed = list.some((b) => b.bindingNo === bindingNo);
    return list.filter((b) => b.bindingNo !== bindingNo);
  });
  return existed;
}

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
