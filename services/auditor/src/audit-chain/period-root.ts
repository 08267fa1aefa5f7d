import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HubSigningKey, HubVerifyingKeys } from "@tongxing/pki";

/**
 * A closed period's root as exported outside NATS (one JSON file per period in the configured
 * directory): the chain's height and head hash at closing, the statement's total, signed with the
 * hub's SM2 key. Whoever rewrites the chain in NATS (even consistently, every hash recomputed)
 * cannot make it match these files without the hub's private key.
 */
export interface PeriodRoot {
  readonly period: string;
  /** The chain's height at closing: the root is block `height`'s hash. */
  readonly height: string;
  readonly root_hash: string;
  readonly total_fen: string;
  readonly closed_at: string;
  readonly hub_key_id: string;
  /** Base64 of the SM2/SM3 signature (DER) over {@link periodRootSignedBytes}. */
  readonly signature: string;
}

/** What the hub signs: a domain tag and every field but the signature, one per line. */
export function periodRootSignedBytes(r: Omit<PeriodRoot, "signature">): Uint8Array {
  return Buffer.from(["tongxing-period-root-v1", r.period, r.height, r.root_hash, r.total_fen, r.closed_at, r.hub_key_id].join("\n"), "utf8");
}

export function signPeriodRoot(fields: Omit<PeriodRoot, "signature" | "hub_key_id">, key: HubSigningKey): PeriodRoot {
  const unsigned = { ...fields, hub_key_id: key.keyId };
  return { ...unsigned, signature: Buffer.from(key.sign(periodRootSignedBytes(unsigned))).toString("base64") };
}

export function periodRootFile(dir: string, period: string): string {
  return join(dir, `period-${period}.root.json`);
}

/** Writes the root once (an existing file is never replaced); returns its path. */
export async function exportPeriodRoot(dir: string, root: PeriodRoot): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = periodRootFile(dir, root.period);
  await writeFile(file, `${JSON.stringify(root, null, 2)}\n`, { flag: "wx" });
  return file;
}

/** Every exported root in `dir` (none when it does not exist); an unreadable file is a problem, not a crash. */
export async function readPeriodRoots(dir: string): Promise<{ roots: PeriodRoot[]; problems: string[] }> {
  const roots: PeriodRoot[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { roots, problems };
  for (const name of (await readdir(dir)).filter((n) => /^period-\d{6}\.root\.json$/.test(n)).sort()) {
    try {
      const r = JSON.parse(await readFile(join(dir, name), "utf8")) as PeriodRoot;
      if (![r.period, r.height, r.root_hash, r.total_fen, r.closed_at, r.hub_key_id, r.signature].every((v) => typeof v === "string") || !/^\d+$/.test(r.height)) throw new Error("fields missing");
      roots.push(r);
    } catch (err) {
      problems.push(`root file ${name} is unreadable (${(err as Error).message})`);
    }
  }
  return { roots, problems };
}

/** Why a root does not vouch for the chain, or undefined when it does. */
export function periodRootProblem(root: PeriodRoot, hashAtHeight: ReadonlyMap<bigint, string>, keys: HubVerifyingKeys | undefined): string | undefined {
  if (keys !== undefined) {
    const { signature, ...unsigned } = root;
    const ok = keys.verify(root.hub_key_id, periodRootSignedBytes(unsigned), Buffer.from(signature, "base64"));
    if (ok === undefined) return `period ${root.period}: root signed by unknown hub key ${root.hub_key_id}`;
    if (!ok) return `period ${root.period}: the exported root's hub signature is invalid (the root file was altered or forged)`;
  }
  const actual = hashAtHeight.get(BigInt(root.height));
  if (actual === undefined) return `period ${root.period}: the chain has no block ${root.height} (its signed root); blocks were removed`;
  if (actual !== root.root_hash) return `period ${root.period}: block ${root.height} hashes to ${actual.slice(0, 16)}…, not the exported signed root ${root.root_hash.slice(0, 16)}… (the chain was rewritten)`;
  return undefined;
}
