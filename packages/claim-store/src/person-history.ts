import type { KV } from "@nats-io/kv";
import { provinceOf } from "@tongxing/domain";
import { personLookupKey } from "@tongxing/privacy";
import { ClaimStoreError, ClaimStoreErrorCode, isRevisionConflict, unavailable } from "./claim-store-error.js";

/** One settled encounter of a person, as the fraud rules compare it. Amounts in fen. */
export interface PastEncounter {
  readonly claimId: string;
  /** Treatment region. */
  readonly mdtrtareaAdmvs: string;
  readonly kind: "outpatient" | "inpatient" | "pharmacy";
  /** Epoch ms of the start and end of care. */
  readonly beginMs: number;
  readonly endMs: number;
  /** What the pooled fund paid (outpatient quota use). */
  readonly hifpFen: bigint;
}

/** A person's recent settled encounters (newest last), kept by the auditor. */
export interface PersonHistory {
  readonly encounters: readonly PastEncounter[];
}

/** Encounters kept per person: enough for a year of a frequent patient's outpatient visits. */
export const MAX_ENCOUNTERS = 400;

/** Compare-and-set attempts at a person's history before giving up (CONTENDED, retryable). */
const MAX_HISTORY_ATTEMPTS = 10;

/**
 * KV key in the claims bucket: insured province + a keyed hash (HMAC, the privacy key file's
 * lookup key) of psn_no: never the id itself, nor a plain hash a dictionary of ids reverses.
 */
export function historyKey(insuplcAdmdvs: string, psnNo: string): string {
  return `hist.${provinceOf(insuplcAdmdvs)}.${personLookupKey(psnNo, "history")}`;
}

function decode(bytes: Uint8Array): PersonHistory {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as { encounters: (Omit<PastEncounter, "hifpFen"> & { hifpFen: string })[] };
  return { encounters: raw.encounters.map((e) => ({ ...e, hifpFen: BigInt(e.hifpFen) })) };
}

function encode(h: PersonHistory): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ encounters: h.encounters.map((e) => ({ ...e, hifpFen: e.hifpFen.toString() })) }));
}

/** Removes the histories whose newest encounter ended before `endedBeforeMs` (retention); resolves with how many. */
export async function forgetHistoriesBefore(kv: KV, endedBeforeMs: number): Promise<number> {
  const keys: string[] = [];
  for await (const key of await kv.keys("hist.>")) keys.push(key);
  let removed = 0;
  for (const key of keys) {
    const e = await kv.get(key);
    if (e === null || e.operation !== "PUT") continue;
    const newestEndMs = Math.max(0, ...decode(e.value).encounters.map((x) => x.endMs));
    if (newestEndMs >= endedBeforeMs) continue;
    try {
      await kv.delete(key, { previousSeq: e.revision });
      await kv.purge(key);
      removed++;
    } catch (err) {
      // A settlement added an encounter meanwhile: the history is current again.
      if (!isRevisionConflict(err)) throw err;
    }
  }
  return removed;
}

/** A person's history as read, with the revision it was read at (undefined: there was none). */
export interface HistoryRead {
  readonly key: string;
  readonly history: PersonHistory;
  readonly revision: number | undefined;
}

export async function readHistory(kv: KV, insuplcAdmdvs: string, psnNo: string): Promise<HistoryRead> {
  const key = historyKey(insuplcAdmdvs, psnNo);
  try {
    const e = await kv.get(key);
    return e === null || e.operation !== "PUT" ? { key, history: { encounters: [] }, revision: undefined } : { key, history: decode(e.value), revision: e.revision };
  } catch (err) {
    throw unavailable(key, "reading a person's history", err);
  }
}

/**
 * Adds a settled encounter (once per claim), compare-and-set against concurrent writers. With
 * `read` (the history as the decision read it), the first attempt writes at that revision
 * without reading again; a write in between makes it fail and the loop read afresh.
 */
export async function recordEncounter(kv: KV, insuplcAdmdvs: string, psnNo: string, encounter: PastEncounter, read?: HistoryRead): Promise<void> {
  const key = historyKey(insuplcAdmdvs, psnNo);
  for (let attempt = 0; attempt < MAX_HISTORY_ATTEMPTS; attempt++) {
    const known = attempt === 0 && read?.key === key ? read : undefined;
    const current = known ?? (await readHistory(kv, insuplcAdmdvs, psnNo));
    if (current.history.encounters.some((x) => x.claimId === encounter.claimId)) return;
    const next = { encounters: [...current.history.encounters, encounter].slice(-MAX_ENCOUNTERS) };
    try {
      if (current.revision === undefined) await kv.create(key, encode(next));
      else await kv.update(key, encode(next), current.revision);
      return;
    } catch (err) {
      // Another settlement of this person got there first: read again. Anything else is NATS.
      if (!isRevisionConflict(err)) throw unavailable(key, "writing a person's history", err);
    }
  }
  throw new ClaimStoreError(ClaimStoreErrorCode.CONTENDED, "person history contended", { claimId: key });
}
