import { deriveClaimId, isClaimId } from "@tongxing/lifecycle";
import { create, fromBinary } from "@bufbuild/protobuf";
import { Kvm, type KV } from "@nats-io/kv";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Buckets, encounterIndexKey, heldIndexKey, msgidIndexKey, settlementIndexKey, Streams, Subjects } from "@tongxing/nats";
import { ClaimRecordSchema, ClaimStatus, LedgerEntrySchema, type Claim, type ClaimEvent, type ClaimRecord } from "@tongxing/proto";
import { isAllowedTransition } from "./claim-lifecycle.js";
import { ClaimStoreError, ClaimStoreErrorCode, isRevisionConflict, unavailable } from "./claim-store-error.js";
import { forgetHistoriesBefore, readHistory, recordEncounter, type HistoryRead, type PastEncounter } from "./person-history.js";
import { encodePart, encounterPartKey, encounterPartOf, isInterim, readEncounterParts, type EncounterPart } from "./encounter-parts.js";
import { decodeRecord, recordBytes } from "./record-bytes.js";

/** A record with the KV revision it was read or written at. */
export interface StoredRecord {
  readonly record: ClaimRecord;
  readonly revision: number;
}

/**
 * Where the events a write adds go first (the audit chain): called with the events the record
 * holds beyond its `chainedEvents`, before the record is written, so a crash repeats events there
 * and never loses one. An error it throws is passed on unchanged and nothing is written.
 */
export type ChainHook = (events: readonly ClaimEvent[], record: ClaimRecord) => Promise<void>;

/** Options of {@link createClaimStore}. */
export interface ClaimStoreOptions {
  /** The claims bucket. */
  readonly kv: KV;
  /** The audit chain's append; without it, events wait in the record for a store that has one. */
  readonly chain?: ChainHook;
  /** Compare-and-set attempts of one transition before CONTENDED. Default 5. */
  readonly maxAttempts?: number;
  /**
   * JetStream, to read the settlement index: the last LEDGER entry on a settlement's subject.
   * Without it only the claims bucket's settlement keys of older settlements are read.
   */
  readonly jsm?: JetStreamManager;
  /**
   * false: records are read with their claim's personal identifiers still sealed, for tools that
   * read statuses only and hold no privacy key file (replay). Such a store must not be written with.
   * Default true (opened with the process's privacy keys).
   */
  readonly openIdentifiers?: boolean;
  /**
   * The largest record the bucket takes, in bytes: its largest value (`max_value_size`), else the
   * server's largest message (`max_payload`). Default {@link DEFAULT_MAX_RECORD_BYTES}.
   */
  readonly maxRecordBytes?: number;
}

/** nats-server's default largest message (1 MiB): the bucket's limit when nothing says otherwise. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** Fields of the record a step may set besides status and events. */
export type RecordFields = Partial<Pick<ClaimRecord, "claim" | "adjudication" | "verdict" | "refusal" | "review">>;

/** What a transition's `build` returns: where the record goes, the events saying so, and what else changes. */
export interface TransitionStep {
  readonly to: ClaimStatus;
  /** Appended in order; at least one, the last of status `to`. */
  readonly events: readonly ClaimEvent[];
  readonly set?: RecordFields;
}

/** Options of one transition. */
export interface TransitionOptions {
  /** The record as the caller already knows it: the first attempt writes at its revision without reading. */
  readonly known?: StoredRecord;
  /** The record to start from when none is stored (written create-if-absent); without it, NOT_FOUND. */
  readonly absent?: ClaimRecord;
  /** The claim's encoding, spliced into the record instead of encoding `claim` again. */
  readonly claimBytes?: Uint8Array;
  readonly maxAttempts?: number;
  /**
   * The caller's own work on the new record (a ledger entry, say), started right after the write
   * and run alongside the store's index writes, so the two cost one round trip, not two. Its
   * errors are passed on unchanged (the record is written by then; a retry finds it REFUSED).
   */
  readonly afterWrite?: (record: ClaimRecord) => Promise<void>;
}

/** A transition made: the record as written, its revision, and the record it replaced. */
export interface Transitioned extends StoredRecord {
  readonly previous: ClaimRecord;
}

/** The outcome of {@link ClaimStore.create}: stored now, or the record stored before under that id. */
export type CreateOutcome = { readonly created: true; readonly revision: number } | { readonly created: false; readonly existing: StoredRecord };

/** A create-if-absent reservation of an index key for a claim. */
export interface Reservation {
  /** The other claim that holds the key. */
  readonly other?: string;
  /** The key was this claim's already (the claim was audited before). */
  readonly heldAlready: boolean;
}

/**
 * The one owner of the claims bucket: claim records, their indexes (settlement, encounter, msgid,
 * review queue), people's settled history and closed clearing periods. Every error a NATS call
 * gives comes out as a {@link ClaimStoreError}.
 */
export interface ClaimStore {
  /** The largest record the bucket takes, in bytes (what a record's bounded parts are sized by). */
  readonly maxRecordBytes: number;
  /** Stores a new record (create-if-absent: the idempotency check), or answers the one stored before. */
  create(record: ClaimRecord, options?: { readonly claimBytes?: Uint8Array }): Promise<CreateOutcome>;
  read(claimId: string): Promise<StoredRecord | undefined>;
  /**
   * Read → check the status is in `allowedFrom` (else REFUSED, with the record) → `build` the step →
   * chain the new events → compare-and-set at the revision read, re-reading and rebuilding on a
   * lost race, at most `maxAttempts` times (then CONTENDED) → the indexes the new status implies.
   */
  transition(claimId: string, allowedFrom: readonly ClaimStatus[], build: (current: ClaimRecord) => TransitionStep, options?: TransitionOptions): Promise<Transitioned>;
  /** Writes again the indexes a record's status implies (idempotent): for a replay after a crash. */
  repairIndexes(record: ClaimRecord): Promise<void>;
  /** Reserves the claim's encounter (institution, mdtrt_id, batch): of concurrent claims one wins (rule D1). */
  reserveEncounter(claim: Claim): Promise<Reservation>;
  /**
   * Rule D2's fact for a claim sent with an explicit idempotency key: reserves its (submitter,
   * msgid), never released, and finds a claim sent before under that msgid as its key. A claim
   * whose key is its msgid (the default) needs neither write nor read: its id is derived from
   * (submitter, msgid), so its intake record is the reservation (docs/design/claim-path.md, row 9).
   */
  reserveMsgid(claim: Claim, idempotencyKey: string): Promise<Reservation>;
  /**
   * The claim a submitter's settlement id names, if any: the claim of the last LEDGER entry on the
   * settlement's subject (`Subjects.ledgerSettlement`), else (settlements made before that was the
   * index) the claims bucket's `setl.<submitter>.<setl_id>` key.
   */
  findSettlement(submitterPlatform: string, setlId: string): Promise<string | undefined>;
  /**
   * Ids of the claims held for a regulator (the review queue) and of those whose decision is not
   * finished yet (status no longer HELD): the key is removed by {@link ClaimStore.closeReview}.
   */
  heldClaimIds(): Promise<string[]>;
  /** Takes a decided claim off the review queue, once its decision is complete (idempotent). */
  closeReview(claimId: string): Promise<void>;
  readHistory(insuplcAdmdvs: string, psnNo: string): Promise<HistoryRead>;
  /**
   * The settled parts (interim settlements, the final) of the claim's inpatient stay, other than
   * the claim itself; none for other kinds. Kept by the store's indexes: a settled inpatient
   * claim adds its part, a cancelled one removes it.
   */
  readEncounterParts(claim: Claim): Promise<EncounterPart[]>;
  /** Adds a settled encounter to a person's history; with `read`, writes at the revision the decision read. */
  recordEncounter(insuplcAdmdvs: string, psnNo: string, encounter: PastEncounter, read?: HistoryRead): Promise<void>;
  /** Records a closed clearing period once: undefined when stored now, else what was stored before. */
  recordClosedPeriod(period: string, bytes: Uint8Array): Promise<Uint8Array | undefined>;
  /** A closed clearing period's record as stored, or undefined while the period is open. */
  readClosedPeriod(period: string): Promise<Uint8Array | undefined>;
  /**
   * The ids of stored claims, at most `limit` (a scan of the bucket's keys, in no useful order:
   * for the regulators' console, which reads them all; `truncated` says the limit cut the list).
   */
  claimIds(limit: number): Promise<{ ids: string[]; truncated: boolean }>;
  /**
   * Retention: removes a record past its retention (and its settlement and review-queue index
   * keys), unless it changed since `stored` was read. Resolves with whether it
   * was removed. The ledger and the audit chain keep their entries.
   */
  forget(stored: StoredRecord): Promise<boolean>;
  /** Retention: removes the histories of persons whose newest encounter ended before `endedBeforeMs`; resolves with how many. */
  forgetHistoriesBefore(endedBeforeMs: number): Promise<number>;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const text = new TextEncoder();
const untext = new TextDecoder();

/** Key of a closed clearing period's record in the claims bucket. */
const periodKey = (period: string) => `period.${period}`;

/** Opens the hub's claims bucket as a store. */
export async function openClaimStore(nc: NatsConnection, options: Omit<ClaimStoreOptions, "kv"> = {}): Promise<ClaimStore> {
  const kv = await new Kvm(nc).open(Buckets.CLAIMS);
  const limits = [(await kv.status()).maxValueSize, nc.info?.max_payload ?? -1].filter((n) => n > 0);
  const maxRecordBytes = limits.length === 0 ? DEFAULT_MAX_RECORD_BYTES : Math.min(...limits);
  return createClaimStore({ jsm: await jetstreamManager(nc), maxRecordBytes, ...options, kv });
}

/**
 * The one-settlement key of a claim (rule D1): institution, encounter and charge batch; an
 * interim settlement (mid_setl_flag 1) has a key of its own beside its batch's, so an interim
 * part and the stay's final may share a batch, while the same part twice may not.
 */
function encounterKeyOf(claim: Claim): string {
  const e = claim.encounter;
  return encounterIndexKey(claim.fixmedinsCode, e?.mdtrtId ?? "", isInterim(claim) ? `${e?.chrgBchno ?? ""}\ninterim` : (e?.chrgBchno ?? ""));
}

export function createClaimStore(options: ClaimStoreOptions): ClaimStore {
  const { kv, chain } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  async function read(claimId: string): Promise<StoredRecord | undefined> {
    let entry;
    try {
      entry = await kv.get(claimId);
    } catch (err) {
      throw unavailable(claimId, "reading a claim record", err);
    }
    return entry === null || entry.operation !== "PUT" ? undefined : { record: decodeRecord(entry.value, options.openIdentifiers ?? true), revision: entry.revision };
  }

  /** The events not yet in the chain into it, and the record marked so. */
  async function chainEvents(record: ClaimRecord): Promise<void> {
    if (chain === undefined) return;
    await chain(record.events.slice(record.chainedEvents), record);
    record.chainedEvents = record.events.length;
  }

  async function guarded<T>(claimId: string, what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw unavailable(claimId, what, err);
    }
  }

  async function reserve(claimId: string, key: string): Promise<Reservation> {
    try {
      await kv.create(key, text.encode(claimId));
      return { heldAlready: false };
    } catch (err) {
      if (!isRevisionConflict(err)) throw unavailable(claimId, "reserving an index key", err);
    }
    const held = await guarded(claimId, "reading an index key", () => kv.get(key));
    const holder = held === null || held.operation !== "PUT" ? undefined : untext.decode(held.value);
    return holder === claimId ? { heldAlready: true } : { ...(holder === undefined ? {} : { other: holder }), heldAlready: false };
  }

  /** Frees the claim's encounter for a corrected claim, when this one will not stay settled. */
  async function releaseEncounter(claim: Claim): Promise<void> {
    const e = claim.encounter;
    if (e === undefined || e.mdtrtId === "") return;
    const key = encounterKeyOf(claim);
    const held = await kv.get(key);
    if (held !== null && held.operation === "PUT" && untext.decode(held.value) === claim.claimId) await kv.delete(key);
  }

  /** The index writes `next`'s status implies (idempotent: also a repair after a crash). */
  async function applyIndexes(next: ClaimRecord): Promise<void> {
    const claimId = next.claimId;
    const writes: Promise<unknown>[] = [];
    // No settlement index here: the settlement's ledger entry (the auditor's afterWrite) is it.
    // The review key stays after the decision until closeReview: it is how a restarted auditor
    // finds a decision it has not finished (ledger entry, final status, result). A reversal the
    // insured platform refused (REVERSAL_HELD) waits for a regulator on the same queue.
    if (next.status === ClaimStatus.HELD || next.status === ClaimStatus.REVERSAL_HELD) writes.push(kv.put(heldIndexKey(claimId), text.encode(claimId)));
    if ((next.status === ClaimStatus.REJECTED || next.status === ClaimStatus.CANCELLED) && next.claim !== undefined) writes.push(releaseEncounter(next.claim));
    // An inpatient stay's settled parts (interim settlements and the final), for netting (rule S2).
    const partKey = next.claim === undefined ? undefined : encounterPartKey(next.claim);
    const part = encounterPartOf(next);
    if (partKey !== undefined && part !== undefined && next.status === ClaimStatus.SETTLED) writes.push(kv.put(partKey, encodePart(part)));
    if (partKey !== undefined && next.status === ClaimStatus.CANCELLED) writes.push(kv.delete(partKey));
    await guarded(claimId, "writing the record's indexes", () => Promise.all(writes));
  }

  return {
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    read,

    async create(record, createOptions = {}) {
      const claimId = record.claimId;
      if (!isAllowedTransition(ClaimStatus.UNSPECIFIED, record.status)) throw new Error(`a claim record is not created ${ClaimStatus[record.status]}`);
      await chainEvents(record);
      try {
        return { created: true, revision: await kv.create(claimId, recordBytes(record, createOptions.claimBytes)) };
      } catch (err) {
        if (!isRevisionConflict(err)) throw unavailable(claimId, "creating a claim record", err);
      }
      const existing = await read(claimId);
      if (existing === undefined) throw new ClaimStoreError(ClaimStoreErrorCode.UNAVAILABLE, "claim record exists but cannot be read", { claimId });
      return { created: false, existing };
    },

    async transition(claimId, allowedFrom, build, transitionOptions = {}) {
      const attempts = transitionOptions.maxAttempts ?? maxAttempts;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const stored = attempt === 0 && transitionOptions.known !== undefined ? transitionOptions.known : await read(claimId);
        const current = stored?.record ?? transitionOptions.absent;
        if (current === undefined) throw new ClaimStoreError(ClaimStoreErrorCode.NOT_FOUND, `claim ${claimId} not found`, { claimId });
        if (!allowedFrom.includes(current.status)) {
          throw new ClaimStoreError(ClaimStoreErrorCode.REFUSED, `claim ${claimId} is ${ClaimStatus[current.status]}`, { claimId, current });
        }
        const step = build(current);
        const last = step.events.at(-1);
        if (last === undefined || last.status !== step.to) throw new Error(`a transition to ${ClaimStatus[step.to]} must end with its event`);
        if (!isAllowedTransition(current.status, step.to)) throw new Error(`no transition ${ClaimStatus[current.status]} → ${ClaimStatus[step.to]} in the lifecycle`);
        const next = create(ClaimRecordSchema, { ...current, ...step.set, status: step.to, events: [...current.events, ...step.events] });
        await chainEvents(next);
        const bytes = recordBytes(next, transitionOptions.claimBytes);
        let revision: number;
        try {
          revision = stored === undefined ? await kv.create(claimId, bytes) : await kv.update(claimId, bytes, stored.revision);
        } catch (err) {
          if (isRevisionConflict(err)) continue;
          throw unavailable(claimId, "writing a claim record", err);
        }
        await Promise.all([applyIndexes(next), transitionOptions.afterWrite?.(next)]);
        return { record: next, revision, previous: current };
      }
      throw new ClaimStoreError(ClaimStoreErrorCode.CONTENDED, `claim ${claimId} changed underneath ${attempts} times`, { claimId });
    },

    repairIndexes: (record) => applyIndexes(record),

    reserveEncounter(claim) {
      const e = claim.encounter;
      if (e === undefined || e.mdtrtId === "") return Promise.resolve({ heldAlready: false });
      return reserve(claim.claimId, encounterKeyOf(claim));
    },

    async reserveMsgid(claim, idempotencyKey) {
      if (claim.msgid === "" || claim.submitterPlatform === "" || idempotencyKey === claim.msgid) return { heldAlready: false };
      const reserved = await reserve(claim.claimId, msgidIndexKey(claim.submitterPlatform, claim.msgid));
      if (reserved.other !== undefined) return reserved;
      // The claim sent with the msgid as its key, if any, holds the msgid by its very id.
      const byDefault = deriveClaimId(claim.submitterPlatform, claim.msgid);
      if (byDefault === claim.claimId) return reserved;
      const first = await guarded(byDefault, "reading a claim record", () => kv.get(byDefault));
      return first === null || first.operation !== "PUT" ? reserved : { other: byDefault, heldAlready: false };
    },

    async findSettlement(submitterPlatform, setlId) {
      const jsm = options.jsm;
      if (jsm !== undefined) {
        const subject = Subjects.ledgerSettlement(submitterPlatform, setlId);
        const entry = await guarded(subject, "reading the settlement's ledger entry", () => jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: subject }));
        if (entry !== null) return fromBinary(LedgerEntrySchema, entry.data).claimId;
      }
      // A settlement made before the ledger subject was the index.
      const key = settlementIndexKey(submitterPlatform, setlId);
      const index = await guarded(key, "reading the settlement index", () => kv.get(key));
      return index === null || index.operation !== "PUT" ? undefined : untext.decode(index.value);
    },

    heldClaimIds: () =>
      guarded("", "listing the review queue", async () => {
        const ids: string[] = [];
        for await (const key of await kv.keys(heldIndexKey("*"))) ids.push(key.slice(heldIndexKey("").length));
        return ids;
      }),

    async forget(stored) {
      const { record, revision } = stored;
      const claimId = record.claimId;
      try {
        // At the revision read: a record that changed meanwhile is not removed (read again next run).
        await kv.delete(claimId, { previousSeq: revision });
      } catch (err) {
        if (isRevisionConflict(err)) return false;
        throw unavailable(claimId, "removing a record past retention", err);
      }
      const setlId = record.adjudication?.setlId ?? "";
      const submitter = record.claim?.submitterPlatform ?? "";
      await guarded(claimId, "removing a record past retention", async () => {
        if (setlId !== "" && submitter !== "") await kv.purge(settlementIndexKey(submitter, setlId));
        await kv.purge(heldIndexKey(claimId));
        await kv.purge(claimId);
      });
      return true;
    },

    forgetHistoriesBefore: (endedBeforeMs) => guarded("", "removing histories past retention", () => forgetHistoriesBefore(kv, endedBeforeMs)),

    async closeReview(claimId) {
      await guarded(claimId, "closing the review", () => kv.delete(heldIndexKey(claimId)));
    },

    readHistory: (insuplcAdmdvs, psnNo) => readHistory(kv, insuplcAdmdvs, psnNo),
    readEncounterParts: (claim) => guarded(claim.claimId, "reading the stay's settled parts", () => readEncounterParts(kv, claim)),
    recordEncounter: (insuplcAdmdvs, psnNo, encounter, historyRead) => recordEncounter(kv, insuplcAdmdvs, psnNo, encounter, historyRead),

    async recordClosedPeriod(period, bytes) {
      const key = periodKey(period);
      try {
        await kv.create(key, bytes);
        return undefined;
      } catch (err) {
        if (!isRevisionConflict(err)) throw unavailable(key, "recording a closed period", err);
      }
      const existing = await guarded(key, "reading a closed period", () => kv.get(key));
      return existing?.value ?? new Uint8Array();
    },

    async readClosedPeriod(period) {
      const key = periodKey(period);
      const e = await guarded(key, "reading a closed period", () => kv.get(key));
      return e === null || e.operation !== "PUT" ? undefined : e.value;
    },

    claimIds: (limit) =>
      guarded("", "listing claims", async () => {
        const ids: string[] = [];
        for await (const key of await kv.keys("*")) {
          if (!isClaimId(key)) continue;
          if (ids.length >= limit) return { ids, truncated: true };
          ids.push(key);
        }
        return { ids, truncated: false };
      }),
  };
}
