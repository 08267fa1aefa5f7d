import { provinceOf } from "@tongxing/domain";
import { LedgerEntryKind, type LedgerEntry } from "@tongxing/proto";

/** What one insured province owes one treatment province in a period, fen. */
export interface DirectionTotals {
  readonly fundFen: bigint;
  readonly accountFen: bigint;
  readonly settlements: number;
  readonly reversals: number;
}

/** One pair of provinces: gross both ways and the net position. */
export interface ClearingPair {
  /** The lower province code of the pair, then the higher. */
  readonly a: string;
  readonly b: string;
  /** Owed by a's funds to b (a insured, b treated), and the reverse. */
  readonly aOwesB: DirectionTotals;
  readonly bOwesA: DirectionTotals;
  /** (aOwesB − bOwesA), fund + account: positive means a pays b. */
  readonly netFen: bigint;
}

export interface ClearingStatement {
  readonly period: string;
  readonly pairs: readonly ClearingPair[];
  readonly entries: number;
  /** Σ over entries of fund + account: equals Σ over pairs of gross both ways. */
  readonly totalFen: bigint;
}

const ZERO: DirectionTotals = { fundFen: 0n, accountFen: 0n, settlements: 0, reversals: 0 };

function add(t: DirectionTotals, e: LedgerEntry): DirectionTotals {
  const reversal = e.kind === LedgerEntryKind.REVERSAL;
  return {
    fundFen: t.fundFen + e.fundPaySumamt,
    accountFen: t.accountFen + e.acctPay,
    settlements: t.settlements + (reversal ? 0 : 1),
    reversals: t.reversals + (reversal ? 1 : 0),
  };
}

/**
 * The clearing statement (清算) of a period: for each pair of provinces, what each side's funds
 * owe the other for claims settled there (reversals included, as their negative entries), and the
 * net. Entries of other periods are ignored; the totals reconcile with the entries exactly.
 */
export function buildClearingStatement(period: string, entries: Iterable<LedgerEntry>): ClearingStatement {
  const pairs = new Map<string, { a: string; b: string; aOwesB: DirectionTotals; bOwesA: DirectionTotals }>();
  let count = 0;
  let totalFen = 0n;
  for (const e of entries) {
    if (e.period !== period) continue;
    const insured = provinceOf(e.insuplcAdmdvs);
    const treated = provinceOf(e.mdtrtareaAdmvs);
    const [a, b] = insured <= treated ? [insured, treated] : [treated, insured];
    const key = `${a}-${b}`;
    const pair = pairs.get(key) ?? { a, b, aOwesB: ZERO, bOwesA: ZERO };
    if (insured === a && treated === b && a !== b) pair.aOwesB = add(pair.aOwesB, e);
    else if (a === b) pair.aOwesB = add(pair.aOwesB, e);
    else pair.bOwesA = add(pair.bOwesA, e);
    pairs.set(key, pair);
    count += 1;
    totalFen += e.fundPaySumamt + e.acctPay;
  }
  const list = [...pairs.values()]
    .sort((x, y) => (x.a === y.a ? x.b.localeCompare(y.b) : x.a.localeCompare(y.a)))
    .map((p) => ({ ...p, netFen: p.aOwesB.fundFen + p.aOwesB.accountFen - (p.bOwesA.fundFen + p.bOwesA.accountFen) }));
  const grossSum = list.reduce((s, p) => s + p.aOwesB.fundFen + p.aOwesB.accountFen + p.bOwesA.fundFen + p.bOwesA.accountFen, 0n);
  if (grossSum !== totalFen) throw new Error(`clearing does not reconcile: pairs ${grossSum} ≠ entries ${totalFen}`);
  return { period, pairs: list, entries: count, totalFen };
}
