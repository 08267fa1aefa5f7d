import { randomBytes } from "node:crypto";
import type { KV } from "@nats-io/kv";
import type { SampleDraw } from "./draw-sample.js";

/** A recorded draw: what was drawn for which province and period, by whom, and the results so far. */
export interface SpotCheck {
  readonly id: string;
  readonly province: string;
  readonly period: string;
  readonly draw: SampleDraw;
  readonly drawnBy: string;
  readonly drawnAt: string;
  /** claim id → the inspectors' result. */
  readonly results: Record<string, { readonly result: string; readonly by: string; readonly at: string }>;
}

const key = (id: string) => `spotcheck.${id}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function newSpotCheckId(period: string, province: string): string {
  return `${period}-${province}-${randomBytes(4).toString("hex")}`;
}

export async function readSpotCheck(kv: KV, id: string): Promise<SpotCheck | undefined> {
  if (!/^[0-9]{6}-[0-9]{2}-[0-9a-f]{8}$/.test(id)) return undefined;
  const e = await kv.get(key(id));
  return e === null || e.operation !== "PUT" ? undefined : (JSON.parse(decoder.decode(e.value)) as SpotCheck);
}

export async function createSpotCheck(kv: KV, check: SpotCheck): Promise<void> {
  await kv.create(key(check.id), encoder.encode(JSON.stringify(check)));
}

/** Records one item's result (compare-and-set, retried). */
export async function recordSpotCheckResult(kv: KV, id: string, claimId: string, result: SpotCheck["results"][string]): Promise<SpotCheck | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const e = await kv.get(key(id));
    if (e === null || e.operation !== "PUT") return undefined;
    const check = JSON.parse(decoder.decode(e.value)) as SpotCheck;
    const next = { ...check, results: { ...check.results, [claimId]: result } };
    try {
      await kv.update(key(id), encoder.encode(JSON.stringify(next)), e.revision);
      return next;
    } catch {
      continue; // another result was recorded meanwhile
    }
  }
  throw new Error(`spot check ${id} is contended`);
}

/** Every recorded spot check (the published list), newest first. */
export async function listSpotChecks(kv: KV): Promise<SpotCheck[]> {
  const out: SpotCheck[] = [];
  for await (const k of await kv.keys("spotcheck.*")) {
    const e = await kv.get(k);
    if (e !== null && e.operation === "PUT") out.push(JSON.parse(decoder.decode(e.value)) as SpotCheck);
  }
  return out.sort((a, b) => b.drawnAt.localeCompare(a.drawnAt));
}
