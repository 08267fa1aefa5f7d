import { formatFenAsYuan } from "@tongxing/domain";
import type { ClearingStatement, DirectionTotals } from "./clearing-statement.js";

function direction(t: DirectionTotals) {
  return { fund_fen: t.fundFen.toString(), account_fen: t.accountFen.toString(), settlements: t.settlements, reversals: t.reversals };
}

/** JSON: amounts as integer fen in strings (exact in every JSON reader). */
export function statementJson(s: ClearingStatement, extra: Record<string, string> = {}): string {
  return (
    JSON.stringify(
      {
        period: s.period,
        entries: s.entries,
        total_fen: s.totalFen.toString(),
        ...extra,
        pairs: s.pairs.map((p) => ({ a: p.a, b: p.b, a_owes_b: direction(p.aOwesB), b_owes_a: direction(p.bOwesA), net_fen: p.netFen.toString() })),
      },
      null,
      2,
    ) + "\n"
  );
}

/** CSV: one line per pair, amounts in yuan with two decimals written from fen. */
export function statementCsv(s: ClearingStatement): string {
  const head = "period,a,b,a_owes_b_fund,a_owes_b_account,a_owes_b_settlements,a_owes_b_reversals,b_owes_a_fund,b_owes_a_account,b_owes_a_settlements,b_owes_a_reversals,net_a_pays_b";
  const rows = s.pairs.map((p) =>
    [
      s.period, p.a, p.b,
      formatFenAsYuan(p.aOwesB.fundFen), formatFenAsYuan(p.aOwesB.accountFen), p.aOwesB.settlements, p.aOwesB.reversals,
      formatFenAsYuan(p.bOwesA.fundFen), formatFenAsYuan(p.bOwesA.accountFen), p.bOwesA.settlements, p.bOwesA.reversals,
      formatFenAsYuan(p.netFen),
    ].join(","),
  );
  return [head, ...rows].join("\n") + "\n";
}
