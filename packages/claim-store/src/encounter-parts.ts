import { createHash } from "node:crypto";
import type { KV } from "@nats-io/kv";
import { ClaimKind, type Claim, type ClaimRecord } from "@tongxing/proto";

/**
 * One settled part of an inpatient stay (住院中途结算): an interim settlement (mid_setl_flag 1)
 * or the final one. Amounts in fen, as the insured platform adjudicated them; the fee lines by
 * feedetl_sn with their totals, so a final can be checked to restate every interim line.
 * Absent is not zero: an amount the platform did not state stays undefined (kept out of the JSON).
 */
export interface EncounterPart {
  readonly claimId: string;
  readonly chrgBchno: string;
  readonly final: boolean;
  readonly medfeeSumamt: bigint | undefined;
  /** As the platform states it (its fund-includes-account convention applies). */
  readonly fundPaySumamt: bigint | undefined;
  readonly acctPay: bigint | undefined;
  readonly psnPartAmt: bigint | undefined;
  readonly psnCashPay: bigint | undefined;
  readonly hifpPay: bigint | undefined;
  readonly lines: readonly { readonly feedetlSn: string; readonly detItemFeeSumamt: bigint | undefined }[];
}

const AMOUNTS = ["medfeeSumamt", "fundPaySumamt", "acctPay", "psnPartAmt", "psnCashPay", "hifpPay"] as const;

/** Whether the claim is an inpatient interim settlement (mid_setl_flag 1). */
export function isInterim(claim: Claim): boolean {
  return claim.kind === ClaimKind.INPATIENT && claim.encounter?.midSetlFlag === "1";
}

/** The stay's prefix in the claims bucket: part.<hash of institution and mdtrt_id>. */
function stayPrefix(fixmedinsCode: string, mdtrtId: string): string {
  return `part.${createHash("sha256").update(`${fixmedinsCode}\n${mdtrtId}`).digest("hex").slice(0, 40)}`;
}

/** Key of one part: the stay's prefix and the claim id. */
export function encounterPartKey(claim: Claim): string | undefined {
  const mdtrtId = claim.encounter?.mdtrtId ?? "";
  if (claim.kind !== ClaimKind.INPATIENT || mdtrtId === "") return undefined;
  return `${stayPrefix(claim.fixmedinsCode, mdtrtId)}.${claim.claimId}`;
}

/** The part a settled inpatient record makes. */
export function encounterPartOf(record: ClaimRecord): EncounterPart | undefined {
  const claim = record.claim;
  const a = record.adjudication;
  if (claim === undefined || a === undefined) return undefined;
  return {
    claimId: record.claimId,
    chrgBchno: claim.encounter?.chrgBchno ?? "",
    final: !isInterim(claim),
    medfeeSumamt: a.medfeeSumamt,
    fundPaySumamt: a.fundPaySumamt,
    acctPay: a.acctPay,
    psnPartAmt: a.psnPartAmt,
    psnCashPay: a.psnCashPay,
    hifpPay: a.hifpPay,
    lines: claim.feeLines.map((l) => ({ feedetlSn: l.feedetlSn, detItemFeeSumamt: l.detItemFeeSumamt })),
  };
}

export function encodePart(p: EncounterPart): Uint8Array {
  const out: Record<string, unknown> = { ...p, lines: p.lines.map((l) => ({ feedetlSn: l.feedetlSn, detItemFeeSumamt: l.detItemFeeSumamt?.toString() })) };
  for (const k of AMOUNTS) out[k] = p[k]?.toString();
  return new TextEncoder().encode(JSON.stringify(out));
}

function decodePart(bytes: Uint8Array): EncounterPart {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> & { lines: { feedetlSn: string; detItemFeeSumamt?: string }[] };
  const stated = (v: unknown): bigint | undefined => (v === undefined || v === null ? undefined : BigInt(String(v)));
  const amounts = Object.fromEntries(AMOUNTS.map((k) => [k, stated(raw[k])])) as Record<(typeof AMOUNTS)[number], bigint | undefined>;
  return {
    claimId: String(raw.claimId),
    chrgBchno: String(raw.chrgBchno),
    final: raw.final === true,
    ...amounts,
    lines: raw.lines.map((l) => ({ feedetlSn: l.feedetlSn, detItemFeeSumamt: stated(l.detItemFeeSumamt) })),
  };
}

/** The settled parts of the claim's stay other than the claim itself (none for other kinds). */
export async function readEncounterParts(kv: KV, claim: Claim): Promise<EncounterPart[]> {
  const mdtrtId = claim.encounter?.mdtrtId ?? "";
  if (claim.kind !== ClaimKind.INPATIENT || mdtrtId === "") return [];
  const keys: string[] = [];
  for await (const key of await kv.keys(`${stayPrefix(claim.fixmedinsCode, mdtrtId)}.*`)) if (!key.endsWith(`.${claim.claimId}`)) keys.push(key);
  const parts: EncounterPart[] = [];
  for (const key of keys) {
    const entry = await kv.get(key);
    if (entry !== null && entry.operation === "PUT") parts.push(decodePart(entry.value));
  }
  return parts;
}
