import { createHash } from "node:crypto";
import { fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { provinceOf } from "@tongxing/domain";
import { FilingSchema, type Filing } from "@tongxing/proto";

/** Filings kept per person: the oldest go once a person has more. */
export const MAX_FILINGS_PER_PERSON = 50;

/** KV key of one person's filings: insured province + a hash of psn_no (never the id itself). */
export function filingKey(insuplcAdmdvs: string, psnNo: string): string {
  return `filing.${provinceOf(insuplcAdmdvs)}.${createHash("sha256").update(psnNo).digest("hex").slice(0, 32)}`;
}

function decode(bytes: Uint8Array): Filing[] {
  const list = JSON.parse(new TextDecoder().decode(bytes)) as JsonValue[];
  return list.map((j) => fromJson(FilingSchema, j));
}

function encode(filings: readonly Filing[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(filings.map((f) => toJson(FilingSchema, f))));
}

/** A person's filings (empty when none). */
export async function filingsOf(kv: KV, insuplcAdmdvs: string, psnNo: string): Promise<Filing[]> {
  const e = await kv.get(filingKey(insuplcAdmdvs, psnNo));
  return e === null || e.operation !== "PUT" ? [] : decode(e.value);
}

/** Applies `change` to a person's filings with compare-and-set, retrying when another write won. */
async function updateFilings(kv: KV, insuplcAdmdvs: string, psnNo: string, change: (list: Filing[]) => Filing[]): Promise<Filing[]> {
  const key = filingKey(insuplcAdmdvs, psnNo);
  for (let attempt = 0; attempt < 10; attempt++) {
    const e = await kv.get(key);
    const current = e === null || e.operation !== "PUT" ? [] : decode(e.value);
    const next = change(current).slice(-MAX_FILINGS_PER_PERSON);
    try {
      if (e === null || e.operation !== "PUT") await kv.create(key, encode(next));
      else await kv.update(key, encode(next), e.revision);
      return next;
    } catch {
      // another writer got there first: read again
    }
  }
  throw new Error("filing store contended");
}

/** Adds or replaces (by filing_no) a filing. */
export function putFiling(kv: KV, filing: Filing): Promise<Filing[]> {
  return updateFilings(kv, filing.insuplcAdmdvs, filing.psnNo, (list) => [...list.filter((f) => f.filingNo !== filing.filingNo), filing]);
}

/** Removes a filing; resolves with whether it existed. */
export async function cancelFiling(kv: KV, insuplcAdmdvs: string, psnNo: string, filingNo: string): Promise<boolean> {
  let existed = false;
  await updateFilings(kv, insuplcAdmdvs, psnNo, (list) => {
    existed = list.some((f) => f.filingNo === filingNo);
    return list.filter((f) => f.filingNo !== filingNo);
  });
  return existed;
}

/** "yyyy-MM-dd" of an instant in Beijing time. */
export function beijingDate(atMs: number): string {
  return new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Whether a filing covers care in `mdtrtareaAdmvs` at an instant: the region itself, or its whole
 * province ("370000" covers every 37xxxx), on a day within [begndate, enddate].
 */
export function filingCovers(filing: Filing, mdtrtareaAdmvs: string, atMs: number): boolean {
  const place = filing.mdtrtareaAdmvs === mdtrtareaAdmvs || (filing.mdtrtareaAdmvs.endsWith("0000") && provinceOf(filing.mdtrtareaAdmvs) === provinceOf(mdtrtareaAdmvs));
  const day = beijingDate(atMs);
  return place && filing.begndate <= day && (filing.enddate === "" || day <= filing.enddate);
}
