import type { KV } from "@nats-io/kv";
import { policyFromJson, policyToJson, versionAt, type InsuredPolicy, type InsuredPolicyVersion } from "./insured-policy.js";

/** The policies that may apply to a pool, most specific first: its own, its city's, its province's. */
export function poolPolicyKeys(insuplcAdmdvs: string): string[] {
  const keys = [insuplcAdmdvs];
  if (/^\d{6}$/.test(insuplcAdmdvs)) {
    const city = `${insuplcAdmdvs.slice(0, 4)}00`;
    if (city !== insuplcAdmdvs && !city.endsWith("0000")) keys.push(city);
  }
  keys.push(insuplcAdmdvs.slice(0, 2));
  return keys;
}

/** KV key of a province's policy in the `policies` bucket. */
export const policyKey = (province: string) => `policy.${province}`;

/** Insured-region policies kept in step with the `policies` bucket (hot-reloaded). */
export class PolicyBook {
  readonly #policies = new Map<string, InsuredPolicy>();

  set(policy: InsuredPolicy): void {
    this.#policies.set(policy.province, policy);
  }

  delete(province: string): void {
    this.#policies.delete(province);
  }

  /**
   * The policy version in force at an instant (the encounter's time) for an insured pooling region:
   * its own policy (key policy.<admdvs>) where one is on file, else its city's (policy.<4 digits>00,
   * e.g. Weihai's 371000 for a county 371002), else its province's (policy.<2 digits>).
   */
  inForce(insuplcAdmdvs: string, atMs: number): InsuredPolicyVersion | undefined {
    const key = poolPolicyKeys(insuplcAdmdvs).find((k) => this.#policies.has(k));
    const p = key === undefined ? undefined : this.#policies.get(key);
    return p === undefined ? undefined : versionAt(p, atMs);
  }

  get size(): number {
    return this.#policies.size;
  }
}

const decoder = new TextDecoder();

/** Loads the bucket and keeps watching it; an edited policy applies to the next claim. */
export async function watchPolicies(kv: KV, onInvalid?: (key: string) => void): Promise<{ book: PolicyBook; stop(): void }> {
  const book = new PolicyBook();
  const watcher = await kv.watch({ key: "policy.>" });
  let loaded!: () => void;
  const ready = new Promise<void>((r) => (loaded = r));
  if ((await kv.status()).values === 0) loaded();
  void (async () => {
    for await (const e of watcher) {
      const province = e.key.slice("policy.".length);
      if (e.operation !== "PUT") book.delete(province);
      else {
        const policy = policyFromJson(decoder.decode(e.value));
        if (policy === undefined || policy.province !== province) onInvalid?.(e.key);
        else book.set(policy);
      }
      if (e.delta === 0 || e.isUpdate) loaded();
    }
  })();
  await ready;
  return { book, stop: () => watcher.stop() };
}

/** Seeds policies where the bucket has none for a province (never overwrites an operator's). */
export async function seedPolicies(kv: KV, policies: Iterable<InsuredPolicy>): Promise<number> {
  let created = 0;
  for (const p of policies) {
    try {
      await kv.create(policyKey(p.province), new TextEncoder().encode(policyToJson(p)));
      created += 1;
    } catch {
      // exists already
    }
  }
  return created;
}

export async function putPolicy(kv: KV, policy: InsuredPolicy): Promise<void> {
  await kv.put(policyKey(policy.province), new TextEncoder().encode(policyToJson(policy)));
}
