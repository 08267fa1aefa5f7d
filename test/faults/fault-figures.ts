import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimRecordSchema, ClaimStatus } from "@tongxing/proto";
import type { ClaimLoadResult } from "./claim-load.js";

/** The figures every fault scenario prints. */
export interface FaultFigures {
  readonly scenario: string;
  readonly submitted: number;
  readonly settled: number;
  /** Submitted claims without a final record and answer. */
  readonly lost: number;
  /** Claims with more than one SETTLED event or more than one ledger settlement entry. */
  readonly settledTwice: number;
  readonly ledgerEntries: number;
  readonly retries: number;
  readonly seconds: number;
}

/** Whether the figures show the hub's promise kept: nothing lost, nothing twice, one ledger entry per settlement. */
export function figuresHold(f: FaultFigures): boolean {
  return f.lost === 0 && f.settledTwice === 0 && f.ledgerEntries === f.settled && f.settled > 0;
}

export function formatFigures(f: FaultFigures): string {
  return `${f.scenario}: submitted ${f.submitted}, settled ${f.settled}, lost ${f.lost}, settled twice ${f.settledTwice}, ledger entries ${f.ledgerEntries}, counter retries ${f.retries}, ${f.seconds.toFixed(1)} s — ${figuresHold(f) ? "OK" : "FAILED"}`;
}

/**
 * Counts from the hub's own stores what happened to the claims a load submitted: each answered
 * claim's record (status, SETTLED events) and the LEDGER's settlement entries per claim.
 */
export async function measureFaultFigures(natsUrl: string, scenario: string, submitted: number, load: ClaimLoadResult, startedMs: number): Promise<FaultFigures> {
  const nc = await connectNats({ servers: natsUrl, name: "fault-figures" });
  try {
    const claims = await new Kvm(nc).open(Buckets.CLAIMS);
    const jsm = await jetstreamManager(nc);
    const ledger = (await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerAll })).state.subjects ?? {};
    let settled = 0;
    let twice = 0;
    let final = 0;
    let ledgerEntries = 0;
    for (const [subject, count] of Object.entries(ledger)) if (subject.startsWith(Subjects.ledger("settlement", ""))) ledgerEntries += count;
    for (const answer of load.answered.values()) {
      const entry = await claims.get(answer.claimId);
      const record = entry === null || entry.operation !== "PUT" ? undefined : fromBinary(ClaimRecordSchema, entry.value);
      if (record === undefined) continue;
      if (record.status === ClaimStatus.SETTLED || record.status === ClaimStatus.REJECTED || record.status === ClaimStatus.HELD) final++;
      if (record.status === ClaimStatus.SETTLED) settled++;
      const settledEvents = record.events.filter((e) => e.status === ClaimStatus.SETTLED).length;
      if (settledEvents > 1 || (ledger[Subjects.ledger("settlement", answer.claimId)] ?? 0) > 1) twice++;
    }
    return { scenario, submitted, settled, lost: submitted - final, settledTwice: twice, ledgerEntries, retries: load.retries, seconds: (Date.now() - startedMs) / 1_000 };
  } finally {
    await nc.close();
  }
}
