import { create } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import type { FieldViolation } from "@tongxing/domain";
import { InstitutionSchema, InstitutionStatus, InstitutionStatusChangeSchema, type Institution } from "@tongxing/proto";

/**
 * The designated-institution registry with live status (定点医药机构动态管理), kept in the
 * `institutions` bucket the auditor's networked list already reads: `inst.<province>.<code>` holds
 * `{ "name", "level", "admdvs", "changes": [{ "status": "SUSPENDED", "effectiveDate": "2026-06-01",
 * "note" }] }`. An entry without `changes` (a plain list entry) is networked on every day.
 */

/** Statuses under which an institution settles cross-province claims. */
const SETTLES: ReadonlySet<InstitutionStatus> = new Set([InstitutionStatus.NETWORKED, InstitutionStatus.MOVED, InstitutionStatus.RENAMED, InstitutionStatus.NEW]);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CODE = /^[0-9A-Za-z]{1,30}$/;
/** Most status changes kept per institution. */
export const MAX_STATUS_CHANGES = 200;

/** Key of an institution's entry (the same key the networked list uses). */
export const institutionEntryKey = (province: string, fixmedinsCode: string): string => `inst.${province}.${fixmedinsCode}`;

/** Key that says a province's institution list is complete (rule N1 then rejects unlisted institutions there). */
export const institutionEnforcementKey = (province: string): string => `enforce.${province}`;

/** An institution's status on a day. */
export interface InstitutionStatusOn {
  readonly status: InstitutionStatus;
  /** Since when ("" when unspecified). */
  readonly effectiveDate: string;
  /** Whether it settles cross-province claims that day. */
  readonly networked: boolean;
}

/** What is wrong with an institution sent to PutInstitution, with proto field paths. */
export function validateInstitution(i: Institution | undefined): FieldViolation[] {
  if (i === undefined) return [{ field: "institution", description: "is required" }];
  const v: FieldViolation[] = [];
  if (!CODE.test(i.fixmedinsCode)) v.push({ field: "institution.fixmedins_code", description: "must be 1–30 letters or digits" });
  if (!/^\d{6}$/.test(i.admdvs)) v.push({ field: "institution.admdvs", description: "must be 6 digits (医保区划)" });
  if (i.fixmedinsName.length > 200) v.push({ field: "institution.fixmedins_name", description: "is longer than 200 characters" });
  if (i.level.length > 10) v.push({ field: "institution.level", description: "is longer than 10 characters" });
  if (i.changes.length === 0) v.push({ field: "institution.changes", description: "is required (at least the status it is networked with, and since when)" });
  if (i.changes.length > MAX_STATUS_CHANGES) v.push({ field: "institution.changes", description: `has ${i.changes.length} entries; at most ${MAX_STATUS_CHANGES}` });
  else {
    i.changes.forEach((c, n) => {
      if (InstitutionStatus[c.status] === undefined || c.status === InstitutionStatus.UNSPECIFIED) v.push({ field: `institution.changes[${n}].status`, description: "is required (NETWORKED, SUSPENDED, REVOKED, MOVED, RENAMED or NEW)" });
      if (!DATE.test(c.effectiveDate)) v.push({ field: `institution.changes[${n}].effective_date`, description: 'must be a date "yyyy-MM-dd"' });
      if (c.note.length > 200) v.push({ field: `institution.changes[${n}].note`, description: "is longer than 200 characters" });
    });
  }
  return v;
}

/** The status in force on `date` ("yyyy-MM-dd"): the change with the latest effective date on or before it. */
export function statusOn(changes: readonly { readonly status: InstitutionStatus; readonly effectiveDate: string }[], date: string): InstitutionStatusOn {
  let best: { status: InstitutionStatus; effectiveDate: string } | undefined;
  for (const c of changes) {
    if (c.effectiveDate <= date && (best === undefined || c.effectiveDate >= best.effectiveDate)) best = c;
  }
  if (best === undefined) return { status: InstitutionStatus.UNSPECIFIED, effectiveDate: "", networked: false };
  return { status: best.status, effectiveDate: best.effectiveDate, networked: SETTLES.has(best.status) };
}

/** The entry's status on `date`; a plain list entry (no changes) is networked; undefined when the bytes are not an entry. */
export function entryStatusOn(value: Uint8Array | undefined, date: string): InstitutionStatusOn | undefined {
  const i = parseInstitutionEntry(value);
  if (i === undefined) return undefined;
  if (i.changes.length === 0) return { status: InstitutionStatus.NETWORKED, effectiveDate: "", networked: true };
  return statusOn(i.changes, date);
}

/** An entry's JSON as an Institution (code and province are the key's); undefined when not JSON. */
export function parseInstitutionEntry(value: Uint8Array | undefined): Institution | undefined {
  if (value === undefined) return undefined;
  try {
    const o = (value.length === 0 ? {} : JSON.parse(new TextDecoder().decode(value))) as Record<string, unknown>;
    if (typeof o !== "object" || o === null) return undefined;
    const text = (x: unknown) => (typeof x === "string" ? x : "");
    const changes = Array.isArray(o.changes) ? (o.changes as Record<string, unknown>[]) : [];
    return create(InstitutionSchema, {
      fixmedinsName: text(o.name),
      level: text(o.level),
      admdvs: text(o.admdvs),
      changes: changes.map((c) =>
        create(InstitutionStatusChangeSchema, { status: InstitutionStatus[text(c?.status) as keyof typeof InstitutionStatus] ?? InstitutionStatus.UNSPECIFIED, effectiveDate: text(c?.effectiveDate), note: text(c?.note) }),
      ),
    });
  } catch {
    return undefined; // not an entry of ours: treated as unknown, never as networked
  }
}

/** Writes (replaces) an institution's entry under its province; the caller has validated it. */
export async function putInstitution(kv: KV, i: Institution): Promise<void> {
  const value = {
    name: i.fixmedinsName,
    ...(i.level === "" ? {} : { level: i.level }),
    admdvs: i.admdvs,
    changes: i.changes.map((c) => ({ status: InstitutionStatus[c.status], effectiveDate: c.effectiveDate, ...(c.note === "" ? {} : { note: c.note }) })),
  };
  await kv.put(institutionEntryKey(i.admdvs.slice(0, 2), i.fixmedinsCode), new TextEncoder().encode(JSON.stringify(value)));
}

/** The institution's entry, or undefined when the registry does not know it. */
export async function getInstitution(kv: KV, province: string, fixmedinsCode: string): Promise<Institution | undefined> {
  const e = await kv.get(institutionEntryKey(province, fixmedinsCode));
  if (e === null || e.operation !== "PUT") return undefined;
  const i = parseInstitutionEntry(e.value);
  if (i !== undefined) i.fixmedinsCode = fixmedinsCode;
  return i;
}

/** The registry's entries kept in memory, in step with the bucket, for synchronous checks on the hot path. */
export interface WatchedInstitutions {
  /** The institution's status on `date`; undefined when the registry has no entry for it. */
  statusOn(province: string, fixmedinsCode: string, date: string): InstitutionStatusOn | undefined;
  stop(): void;
}

/** Loads the `institutions` bucket and keeps watching it. */
export async function watchInstitutionRegistry(kv: KV): Promise<WatchedInstitutions> {
  const entries = new Map<string, Uint8Array>();
  const watcher = await kv.watch({ key: ">" });
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if ((await kv.status()).values === 0) loaded();
  void (async () => {
    for await (const e of watcher) {
      if (e.key.startsWith("inst.")) {
        if (e.operation === "PUT") entries.set(e.key, e.value);
        else entries.delete(e.key);
      }
      if (e.delta === 0 || e.isUpdate) loaded();
    }
  })();
  await ready;
  return {
    statusOn: (province, code, date) => {
      const value = entries.get(institutionEntryKey(province, code));
      return value === undefined ? undefined : entryStatusOn(value, date);
    },
    stop: () => watcher.stop(),
  };
}
