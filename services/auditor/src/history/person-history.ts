import { createHash } from "node:crypto";
import type { KV } from "@nats-io/kv";
import { provinceOf } from "@tongxing/domain";

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

/** KV key in the claims bucket: insured province + a hash of psn_no (never the id itself). */
export function historyKey(insuplcAdmdvs: string, psnNo: string): string {
  return `hist.${provinceOf(insuplcAdmdvs)}.${createHash("sha256").update(psnNo).digest("hex").slice(0, 32)}`;
}

function decode(bytes: Uint8Array): PersonHistory {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as { encounters: (Omit<PastEncounter, "hifpFen"> & { hifpFen: string })[] };
  return { encounters: raw.encounters.map((e) => ({ ...e, hifpFen: BigInt(e.hifpFen) })) };
}

function encode(h: PersonHistory): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ encounters: h.encounters.map((e) => ({ ...e, hifpFen: e.hifpFen.toString() })) }));
}

export async function readHistory(kv: KV, insuplcAdmdvs: string, psnNo: string): Promise<PersonHistory> {
  const e = await kv.get(historyKey(insuplcAdmdvs, psnNo));
  return e === null || e.operation !== "PUT" ? { encounters: [] } : decode(e.value);
}

/** Adds a settled encounter (once per claim), compare-and-set against concurrent writers. */
export async function recordEncounter(kv: KV, insuplcAdmdvs: string, psnNo: string, encounter: PastEncounter): Promise<void> {
  const key = historyKey(insuplcAdmdvs, psnNo);
  for (let attempt = 0; attempt < 10; attempt++) {
    const e = await kv.get(key);
    const current = e === null || e.operation !== "PUT" ? { encounters: [] } : decode(e.value);
    if (current.encounters.some((x) => x.claimId === encounter.claimId)) return;
    const next = { encounters: [...current.encounters, encounter].slice(-MAX_ENCOUNTERS) };
    try {
      if (e === null || e.operation !== "PUT") await kv.create(key, encode(next));
      else await kv.update(key, encode(next), e.revision);
      return;
    } catch {
      // another settlement of this person got there first: read again
    }
  }
  throw new Error("person history contended");
}
