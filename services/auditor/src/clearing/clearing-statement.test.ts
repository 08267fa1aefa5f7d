import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import fc from "fast-check";
import { LedgerEntryKind, LedgerEntrySchema } from "@tongxing/proto";
import { buildClearingStatement } from "./clearing-statement.js";
import { statementCsv, statementJson } from "./statement-formats.js";

const entry = (insured: string, treated: string, fund: bigint, acct: bigint, kind = LedgerEntryKind.SETTLEMENT, period = "202611") =>
  create(LedgerEntrySchema, { claimId: "C1", kind, period, insuplcAdmdvs: insured, mdtrtareaAdmvs: treated, fundPaySumamt: fund, acctPay: acct });

test("gross both ways, net, counts; reversals cancel their settlements; other periods ignored", () => {
  const s = buildClearingStatement("202611", [
    entry("320100", "370102", 10000n, 500n),
    entry("320100", "370102", 2000n, 0n),
    entry("320100", "370102", -2000n, 0n, LedgerEntryKind.REVERSAL),
    entry("370100", "320581", 3000n, 100n),
    entry("440100", "370102", 999n, 0n, LedgerEntryKind.SETTLEMENT, "202610"),
  ]);
  assert.equal(s.entries, 4);
  assert.equal(s.pairs.length, 1);
  const p = s.pairs[0]!;
  assert.deepEqual([p.a, p.b], ["32", "37"]);
  assert.deepEqual(p.aOwesB, { fundFen: 10000n, accountFen: 500n, settlements: 2, reversals: 1 });
  assert.deepEqual(p.bOwesA, { fundFen: 3000n, accountFen: 100n, settlements: 1, reversals: 0 });
  assert.equal(p.netFen, 7400n);
  assert.equal(s.totalFen, 13600n);
  assert.match(statementCsv(s), /^202611,32,37,100\.00,5\.00,2,1,30\.00,1\.00,1,0,74\.00$/m);
  assert.equal(JSON.parse(statementJson(s)).pairs[0].net_fen, "7400");
});

test("property: the statement always reconciles with its entries to the fen", () => {
  const codes = ["110100", "320100", "370102", "440300", "510100"];
  fc.assert(
    fc.property(
      fc.array(fc.record({ i: fc.constantFrom(...codes), t: fc.constantFrom(...codes), fund: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), acct: fc.bigInt({ min: 0n, max: 10n ** 7n }) }), { maxLength: 200 }),
      (rows) => {
        const s = buildClearingStatement("202611", rows.map((r) => entry(r.i, r.t, r.fund, r.acct)));
        const expected = rows.reduce((sum, r) => sum + r.fund + r.acct, 0n);
        assert.equal(s.totalFen, expected);
        const net = s.pairs.reduce((sum, p) => sum + p.aOwesB.fundFen + p.aOwesB.accountFen + p.bOwesA.fundFen + p.bOwesA.accountFen, 0n);
        assert.equal(net, expected);
      },
    ),
    { numRuns: 300 },
  );
});
