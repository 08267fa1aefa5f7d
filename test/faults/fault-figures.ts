import { openClaimStore, type ClaimStore } from "@tongxing/claim-store";
import { jetstreamManager } from "@nats-io/jetstream";
import { isFinalStatus } from "@tongxing/lifecycle";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import type { ClaimLoadResult } from "./claim-load.js";

/** The figures every fault scenario prints. */
export interface FaultFigures {
  readonly scenario: string;
  readonly submitted: number;
  readonly settled: number;
  /** Submitted claims with no final record once the hub had `drainMs` to finish. */
  readonly lost: number;
  /** Claims with more than one SETTLED event or more than one ledger settlement entry. */
  readonly settledTwice: number;
  readonly ledgerEntries: number;
  /** Counter calls that failed and were sent again (same idempotency key). */
  readonly retries: number;
  /** Counters that gave up waiting (their claims may still have settled: then not lost). */
  readonly unanswered: number;
  readonly seconds: number;
}

/** Whether the figures show the hub's promise kept: nothing lost, nothing twice, one ledger entry per settlement. */
export function figuresHold(f: FaultFigures): boolean {
  return f.lost === 0 && f.settledTwice === 0 && f.ledgerEntries === f.settled && f.settled > 0;
}

export function formatFigures(f: FaultFigures): string {
  return `${f.scenario}: submitted ${f.submitted}, settled ${f.settled}, lost ${f.lost}, settled twice ${f.settledTwice}, ledger entries ${f.ledgerEntries} (counter retries ${f.retries}, unanswered calls ${f.unanswered}, ${f.seconds.toFixed(1)} s) — ${figuresHold(f) ? "OK" : "FAILED"}`;
}

async function recordOf(claims: ClaimStore, claimId: string): Promise<ClaimRecord | undefined> {
  return (await claims.read(claimId))?.record;
}

/**
 * Counts from the hub's own stores what happened to every claim a load submitted: waits up to
 * `drainMs` for each record to be final (a claim still in flight is not lost yet), then reads
 * each record (status, SETTLED events) and the LEDGER's settlement entries per claim.
 */
export async function measureFaultFigures(natsUrl: string, scenario: string, load: ClaimLoadResult, startedMs: number, drainMs = 60_000): Promise<FaultFigures> {
  const nc = await connectNats({ servers: natsUrl, name: "fault-figures" });
  try {
    const claims = await openClaimStore(nc);
    const records = new Map<string, ClaimRecord | undefined>();
    const until = Date.now() + drainMs;
    for (const id of load.claimIds) {
      for (;;) {
        const r = await recordOf(claims, id);
        records.set(id, r);
        if ((r !== undefined && isFinalStatus(r.status)) || Date.now() > until) break;
        await new Promise((res) => setTimeout(res, 250));
      }
    }
    const jsm = await jetstreamManager(nc);
    // A settlement's ledger entry is written just after its record turns SETTLED; one whose write
    // failed (a node lost mid-write) is written again when the link's delivery comes back to the
    // auditor (its ack wait). So the entries are read until they match the settled records, or a
    // deadline passes (at least 30 s from here: three of the link's 10 s ack waits): an entry
    // still missing then is counted as missing.
    const ledgerUntil = Math.max(until, Date.now() + 30_000);
    const settledIds = [...records.values()].filter((r) => r?.status === ClaimStatus.SETTLED).length;
    let ledger: Record<string, number> = {};
    let ledgerEntries = 0;
    for (;;) {
      ledger = (await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerAll })).state.subjects ?? {};
      ledgerEntries = 0;
      for (const [subject, count] of Object.entries(ledger)) if (subject.startsWith(Subjects.ledger("settlement", ""))) ledgerEntries += count;
      if (ledgerEntries >= settledIds || Date.now() > ledgerUntil) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    let settled = 0;
    let twice = 0;
    let lost = 0;
    for (const [id, record] of records) {
      if (record === undefined || !isFinalStatus(record.status)) {
        lost++;
        if (process.env.FAULTS_DEBUG === "1") console.log("lost", id, record === undefined ? "no record" : ClaimStatus[record.status]);
        continue;
      }
      if (record.status === ClaimStatus.SETTLED) settled++;
      const settledEvents = record.events.filter((e) => e.status === ClaimStatus.SETTLED).length;
      // The settlement's entry is on its (submitter, setl_id) subject, the claim's own before that.
      const setlSubject = Subjects.ledgerSettlement(record.claim?.submitterPlatform ?? "", record.adjudication?.setlId ?? "");
      const entries = (record.status === ClaimStatus.SETTLED ? (ledger[setlSubject] ?? 0) : 0) + (ledger[Subjects.ledger("settlement", id)] ?? 0);
      if (settledEvents > 1 || entries > 1) twice++;
      if (process.env.FAULTS_DEBUG === "1" && record.status === ClaimStatus.SETTLED && entries === 0) {
        console.log("settled without a ledger entry", id, setlSubject, JSON.stringify(record.events.map((e) => ClaimStatus[e.status])));
      }
    }
    return { scenario, submitted: load.claimIds.length, settled, lost, settledTwice: twice, ledgerEntries, retries: load.retries, unanswered: load.unanswered, seconds: (Date.now() - startedMs) / 1_000 };
  } finally {
    await nc.close();
  }
}
