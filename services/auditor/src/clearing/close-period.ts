import type { NatsConnection } from "@nats-io/nats-core";
import { readLedgerPeriod } from "@tongxing/ledger";
import { openClaimStore } from "@tongxing/claim-store";
import { Streams, Subjects } from "@tongxing/nats";
import { verifyChain } from "../audit-chain/verify-chain.js";
import { buildClearingStatement, type ClearingStatement } from "./clearing-statement.js";

/** A closed period: its statement and the audit chain's root hash at closing. */
export interface ClosedPeriod {
  readonly statement: ClearingStatement;
  readonly rootHashHex: string;
  readonly chainBlocks: number;
  readonly closedAt: string;
}

/** Why a period was not closed, as data: a caller maps it (HTTP 400 / 409, an exit status). */
export const ClosePeriodRefusal = {
  BAD_PERIOD: "bad-period",
  CHAIN_BROKEN: "chain-broken",
  ALREADY_CLOSED: "already-closed",
} as const;
export type ClosePeriodRefusal = (typeof ClosePeriodRefusal)[keyof typeof ClosePeriodRefusal];

/** Why a period could not be closed. */
export class ClosePeriodError extends Error {
  override readonly name = "ClosePeriodError";
  constructor(
    message: string,
    readonly refusal: ClosePeriodRefusal,
    /** For ALREADY_CLOSED: the root hash the period was closed with. */
    readonly existingRootHashHex?: string,
  ) {
    super(message);
  }
}

/**
 * Closes a clearing period: verifies the audit chain, builds the statement from the ledger and
 * records (statement totals, root hash, time) under period.<yyyyMM> with create-if-absent, so a
 * period is closed once and its root hash cannot be replaced afterwards. `closedBy` (who closed it,
 * e.g. a console account) is kept in the record.
 */
export async function closePeriod(nc: NatsConnection, period: string, options: { closedBy?: string } = {}): Promise<ClosedPeriod> {
  if (!/^\d{6}$/.test(period)) throw new ClosePeriodError(`period must be yyyyMM, got "${period}"`, ClosePeriodRefusal.BAD_PERIOD);
  const store = await openClaimStore(nc);
  const already = (existing: Uint8Array) => {
    const root = existing.byteLength === 0 ? undefined : (JSON.parse(new TextDecoder().decode(existing)) as { root_hash?: string }).root_hash;
    return new ClosePeriodError(`period ${period} is already closed with root hash ${root ?? "?"}`, ClosePeriodRefusal.ALREADY_CLOSED, root);
  };
  // before the chain's verification (a full read): a second close is refused at once
  const before = await store.readClosedPeriod(period);
  if (before !== undefined) throw already(before);
  const chain = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  if (!chain.ok) throw new ClosePeriodError(`the audit chain is broken at block ${chain.brokenAtHeight}: ${chain.reason}; not closing`, ClosePeriodRefusal.CHAIN_BROKEN);
  const entries = [];
  // only the entries stored around the period (buildClearingStatement still filters by period)
  for await (const e of readLedgerPeriod(nc, period)) entries.push(e);
  const statement = buildClearingStatement(period, entries);
  const closed: ClosedPeriod = { statement, rootHashHex: chain.headHashHex, chainBlocks: chain.blocks, closedAt: new Date().toISOString() };
  const record = { period, root_hash: closed.rootHashHex, chain_blocks: closed.chainBlocks, entries: statement.entries, total_fen: statement.totalFen.toString(), closed_at: closed.closedAt, ...(options.closedBy === undefined ? {} : { closed_by: options.closedBy }) };
  const existing = await store.recordClosedPeriod(period, new TextEncoder().encode(JSON.stringify(record)));
  if (existing !== undefined) throw already(existing);
  return closed;
}
