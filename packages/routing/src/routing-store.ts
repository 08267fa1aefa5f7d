import type { KV } from "@nats-io/kv";
import { RoutingKeys, parsePlatformEntry, parseRegionEntry, type PlatformEntry, type RegionEntry } from "./routing-entry.js";
import { RoutingTable } from "./routing-table.js";

/** A routing table kept in step with the `routing` KV bucket. */
export interface WatchedRoutingTable {
  readonly table: RoutingTable;
  /** Stops watching. */
  stop(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined; // an operator's broken entry is ignored, not fatal; the key stays unusable
  }
}

/**
 * Loads the whole bucket and keeps watching it, so a changed entry (a platform switched to
 * refuse, a new special pool) takes effect without restarting anything. Resolves once the
 * initial contents are loaded.
 */
export async function watchRoutingTable(kv: KV, onInvalid?: (key: string) => void): Promise<WatchedRoutingTable> {
  const table = new RoutingTable();
  const watcher = await kv.watch({ key: ">" });
  let resolveLoaded!: () => void;
  const loaded = new Promise<void>((r) => (resolveLoaded = r));
  // The last entry of the initial contents arrives with delta 0; an empty bucket sends none.
  if ((await kv.status()).values === 0) resolveLoaded();
  void (async () => {
    for await (const e of watcher) {
      apply(table, e.key, e.operation === "PUT" ? e.value : undefined, onInvalid);
      if (e.delta === 0 || e.isUpdate) resolveLoaded();
    }
  })();
  await loaded;
  return { table, stop: () => watcher.stop() };
}

function apply(table: RoutingTable, key: string, value: Uint8Array | undefined, onInvalid?: (key: string) => void): void {
  if (key.startsWith(RoutingKeys.PLATFORM_PREFIX)) {
    const id = key.slice(RoutingKeys.PLATFORM_PREFIX.length);
    if (value === undefined) return table.deletePlatform(id);
    const entry = parsePlatformEntry(parseJson(value));
    if (entry === undefined || entry.id !== id) return onInvalid?.(key);
    table.setPlatform(entry);
  } else if (key.startsWith(RoutingKeys.REGION_PREFIX)) {
    const admdvs = key.slice(RoutingKeys.REGION_PREFIX.length);
    if (value === undefined) return table.deleteRegion(admdvs);
    const entry = parseRegionEntry(parseJson(value));
    if (entry === undefined || entry.admdvs !== admdvs) return onInvalid?.(key);
    table.setRegion(entry);
  } else {
    onInvalid?.(key);
  }
}

export async function putPlatform(kv: KV, entry: PlatformEntry): Promise<void> {
  await kv.put(RoutingKeys.platform(entry.id), encoder.encode(JSON.stringify(entry)));
}

export async function putRegion(kv: KV, entry: RegionEntry): Promise<void> {
  await kv.put(RoutingKeys.region(entry.admdvs), encoder.encode(JSON.stringify(entry)));
}

/** Seeds the given platforms where the bucket has no entry for them yet (never overwrites). */
export async function seedPlatforms(kv: KV, entries: readonly PlatformEntry[]): Promise<number> {
  let created = 0;
  for (const entry of entries) {
    try {
      await kv.create(RoutingKeys.platform(entry.id), encoder.encode(JSON.stringify(entry)));
      created += 1;
    } catch {
      // exists already: an operator's entry wins over the seed
    }
  }
  return created;
}
