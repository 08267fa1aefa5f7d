import type { KV } from "@nats-io/kv";
import { entryStatusOn } from "@tongxing/filings";
import { InstitutionStatus } from "@tongxing/proto";

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The value of an institution's entry: JSON, every field optional. */
export interface InstitutionEntry {
  readonly name?: string;
  /** Institution level (医院等级) as the insured regions' ratio tables name it, e.g. "1", "2", "3". */
  readonly level?: string;
}

/** The level named by an entry's value; undefined when absent or the value is not such JSON. */
export function levelOfEntry(value: Uint8Array | undefined): string | undefined {
  if (value === undefined || value.length === 0) return undefined;
  try {
    const o = JSON.parse(new TextDecoder().decode(value)) as InstitutionEntry;
    return typeof o?.level === "string" && o.level !== "" ? o.level : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cross-province networked institutions (跨省联网定点医药机构) the auditor checks against,
 * kept in step with the `institutions` bucket: `inst.<province>.<fixmedins_code>` lists an
 * institution (value JSON `{ "name": …, "level": "3" }`, both optional; the level selects the
 * insured region's ratio for it, rule P1); `enforce.<province>` says the province's list is
 * complete, so only listed institutions there may settle. Provinces without the marker are not
 * checked (yet).
 */
export class NetworkedInstitutions {
  readonly #listed = new Set<string>();
  /** Entries by "<province>.<code>", for their status history (InstitutionRegistry). */
  readonly #entries = new Map<string, Uint8Array>();
  readonly #levels = new Map<string, string>();
  readonly #enforced = new Set<string>();

  apply(key: string, present: boolean, value?: Uint8Array): void {
    if (key.startsWith("inst.")) {
      const rest = key.slice("inst.".length);
      const level = present ? levelOfEntry(value) : undefined;
      if (present) this.#listed.add(rest);
      else this.#listed.delete(rest);
      if (present && value !== undefined) this.#entries.set(rest, value);
      else this.#entries.delete(rest);
      if (level === undefined) this.#levels.delete(rest);
      else this.#levels.set(rest, level);
    } else if (key.startsWith("enforce.")) {
      const province = key.slice("enforce.".length);
      if (present) this.#enforced.add(province);
      else this.#enforced.delete(province);
    }
  }

  /** undefined when the province's list is not enforced; else whether the institution is on it. */
  isListed(province: string, fixmedinsCode: string): boolean | undefined {
    if (!this.#enforced.has(province)) return undefined;
    return this.#listed.has(`${province}.${fixmedinsCode}`);
  }

  /**
   * Why the institution may not settle on the day of `atMs` (Beijing), from its entry's status
   * history ("SUSPENDED since 2026-06-01 on 2026-07-10"); undefined when it may, or the entry has no
   * history, or there is no entry (then isListed decides).
   */
  notSettlingOn(province: string, fixmedinsCode: string, atMs: number): string | undefined {
    const day = new Date(atMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
    const s = entryStatusOn(this.#entries.get(`${province}.${fixmedinsCode}`), day);
    if (s === undefined || s.networked) return undefined;
    return s.status === InstitutionStatus.UNSPECIFIED ? `not yet networked on ${day}` : `${InstitutionStatus[s.status] ?? s.status} since ${s.effectiveDate} on ${day}`;
  }

  /** The institution's level from its entry, whether or not its province enforces the list; undefined when unknown. */
  levelOf(province: string, fixmedinsCode: string): string | undefined {
    return this.#levels.get(`${province}.${fixmedinsCode}`);
  }
}

/** Institution-list key of one institution (fixmedins codes are letters and digits). */

/** Loads the bucket and keeps watching it. */
export async function watchInstitutions(kv: KV): Promise<{ list: NetworkedInstitutions; stop(): void }> {
  const list = new NetworkedInstitutions();
  const watcher = await kv.watch({ key: ">" });
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if ((await kv.status()).values === 0) loaded();
  void (async () => {
    for await (const e of watcher) {
      list.apply(e.key, e.operation === "PUT", e.value);
      if (e.delta === 0 || e.isUpdate) loaded();
    }
  })();
  await ready;
  return { list, stop: () => watcher.stop() };
}
