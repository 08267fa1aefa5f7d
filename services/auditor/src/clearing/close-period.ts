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

/** Why a period could not be closed. */
export class ClosePeriodError extends Error {
  override readonly name = "ClosePeriodError";
}

/**
 * Closes a clearing period: verifies the audit chain, builds the statement from the ledger and
 * records (statement totals, root hash, time) under period.<yyyyMM> with create-if-absent, so a
 * period is closed once and its root hash cannot be replaced afterwards.
 */
export async function closePeriod(nc: NatsConnection, period: string): Promise<ClosedPeriod> {
  if (!/^\d{6}$/.test(period)) throw new ClosePeriodError(`period must be yyyyMM, got "${period}"`);
  const chain = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  if (!chain.ok) throw new ClosePeriodError(`the audit chain is broken at block ${chain.brokenAtHeight}: ${chain.reason}; not closing`);
  const entries = [];
  // only the entries stored around the period (buildClearingStatement still filters by period)
  for await (const e of readLedgerPeriod(nc, period)) entries.push(e);
  const statement = buildClearingStatement(period, entries);
  const closed: ClosedPeriod = { statement, rootHashHex: chain.headHashHex, chainBlocks: chain.blocks, closedAt: new Date().toISOString() };
  const store = await openClaimStore(nc);
  const record = { period, root_hash: closed.rootHashHex, chain_blocks: closed.chainBlocks, entries: statement.entries, total_fen: statement.totalFen.toString(), closed_at: closed.closedAt };
  const existing = await store.recordClosedPeriod(period, new TextEncoder().encode(JSON.stringify(record)));
  if (existing !== undefined) {
    const root = existing.byteLength === 0 ? "?" : (JSON.parse(new TextDecoder().decode(existing)) as { root_hash?: string }).root_hash;
    throw new ClosePeriodError(`period ${period} is already closed with root hash ${root}`);
  }
  return closed;
}
