import type { KV } from "@nats-io/kv";

/**
 * A console bucket's entries kept in memory by a KV watch, so signing a request in (a bearer
 * token, a session cookie) does no NATS round trip: under saturation each JetStream API request
 * waits behind the claim load, and two of them made most of an overview request's time.
 *
 * Reads answer from memory when the mirror holds the key and from the bucket otherwise (not yet
 * loaded, a key written on another instance a moment ago, an unknown key), so a miss is never
 * wrong, only slower. A deletion on another instance (a session closed there) reaches this one
 * with the watch, within milliseconds; this instance's own writes apply at once. Entries older
 * than `ttlMs` (the bucket's TTL, whose expiries the watch does not report) are dropped. When the
 * watch ends (connection closed), or the mirror would hold more than `maxEntries`, every read goes
 * to the bucket again.
 */
export interface KvMirror {
  /** The entry's value, or undefined when the key has none. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** This instance's own put, applied at once (the watch brings it again a moment later). */
  put(key: string, value: Uint8Array): void;
  /** This instance's own delete, applied at once. */
  remove(key: string): void;
  /** Whether reads are answered from memory (loaded, watching, within bounds). */
  readonly live: boolean;
  stop(): void;
}

export interface KvMirrorOptions {
  /** Keys to follow (a KV key filter such as `s.>`); default all. */
  readonly key?: string;
  /** The bucket's TTL: older entries count as expired. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

interface Held {
  readonly value: Uint8Array;
  readonly createdMs: number;
}

/** Starts following the bucket; reads go to the bucket until the watch has delivered what it holds. */
export async function watchKvMirror(kv: KV, options: KvMirrorOptions = {}): Promise<KvMirror> {
  const entries = new Map<string, Held>();
  const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
  const maxEntries = options.maxEntries ?? 100_000;
  let loaded = false;
  let ended = false;
  let overflowed = false;
  const expired = (h: Held, now: number) => now - h.createdMs >= ttlMs;
  const hold = (key: string, value: Uint8Array, createdMs: number) => {
    entries.set(key, { value, createdMs });
    if (entries.size > maxEntries) {
      const now = Date.now();
      for (const [k, h] of entries) if (expired(h, now)) entries.delete(k);
      if (entries.size > maxEntries) {
        overflowed = true;
        entries.clear();
      }
    }
  };
  const watcher = await kv.watch({ key: options.key ?? ">" });
  if ((await kv.status()).values === 0) loaded = true;
  void (async () => {
    try {
      for await (const e of watcher) {
        if (!overflowed) {
          if (e.operation === "PUT") hold(e.key, e.value, e.created.getTime());
          else entries.delete(e.key);
        }
        if (e.delta === 0 || e.isUpdate) loaded = true;
      }
    } finally {
      ended = true;
      entries.clear();
    }
  })().catch(() => undefined);
  const live = () => loaded && !ended && !overflowed;
  return {
    async read(key) {
      const h = live() ? entries.get(key) : undefined;
      if (h !== undefined) {
        if (!expired(h, Date.now())) return h.value;
        entries.delete(key);
        return undefined;
      }
      const e = await kv.get(key);
      return e === null || e.operation !== "PUT" || expired({ value: e.value, createdMs: e.created.getTime() }, Date.now()) ? undefined : e.value;
    },
    put(key, value) {
      if (live()) hold(key, value, Date.now());
    },
    remove(key) {
      entries.delete(key);
    },
    get live() {
      return live();
    },
    stop() {
      watcher.stop();
    },
  };
}
