import type { KV } from "@nats-io/kv";

/**
 * The cross-province networked institutions (跨省联网定点医药机构) the auditor checks against,
 * kept in step with the `institutions` bucket: `inst.<province>.<fixmedins_code>` lists an
 * institution; `enforce.<province>` says the province's list is complete, so only listed
 * institutions there may settle. Provinces without the marker are not checked (yet).
 */
export class NetworkedInstitutions {
  readonly #listed = new Set<string>();
  readonly #enforced = new Set<string>();

  apply(key: string, present: boolean): void {
    if (key.startsWith("inst.")) {
      const rest = key.slice("inst.".length);
      if (present) this.#listed.add(rest);
      else this.#listed.delete(rest);
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
}

/** Institution-list key of one institution (fixmedins codes are letters and digits). */
export const institutionKey = (province: string, fixmedinsCode: string) => `inst.${province}.${fixmedinsCode}`;
export const enforcementKey = (province: string) => `enforce.${province}`;

/** Loads the bucket and keeps watching it. */
export async function watchInstitutions(kv: KV): Promise<{ list: NetworkedInstitutions; stop(): void }> {
  const list = new NetworkedInstitutions();
  const watcher = await kv.watch({ key: ">" });
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if ((await kv.status()).values === 0) loaded();
  void (async () => {
    for await (const e of watcher) {
      list.apply(e.key, e.operation === "PUT");
      if (e.delta === 0 || e.isUpdate) loaded();
    }
  })();
  await ready;
  return { list, stop: () => watcher.stop() };
}
