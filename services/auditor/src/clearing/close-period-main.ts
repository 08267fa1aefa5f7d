// `npm run clearing -- --period 202611 [--nats nats://127.0.0.1:4222] [--out reports]`: the
// clearing statement of a period from the ledger, as JSON and CSV, stamped with the audit chain's
// head hash at closing time (the period's root hash).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { verifyChain } from "../audit-chain/verify-chain.js";
import { buildClearingStatement } from "./clearing-statement.js";
import { readLedger } from "@tongxing/ledger";
import { statementCsv, statementJson } from "./statement-formats.js";

const { values } = parseArgs({ options: { period: { type: "string" }, nats: { type: "string", default: "nats://127.0.0.1:4222" }, out: { type: "string", default: "reports" } } });
if (values.period === undefined || !/^\d{6}$/.test(values.period)) throw new Error("--period yyyyMM is required, e.g. --period 202611");
const nc = await connectNats({ servers: values.nats, name: "close-period" });
try {
  const entries = [];
  for await (const e of readLedger(nc)) entries.push(e);
  const statement = buildClearingStatement(values.period, entries);
  const chain = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  if (!chain.ok) throw new Error(`the audit chain is broken at block ${chain.brokenAtHeight}: ${chain.reason}; not closing`);
  mkdirSync(values.out, { recursive: true });
  const base = join(values.out, `clearing-${values.period}`);
  writeFileSync(`${base}.json`, statementJson(statement, { audit_chain_root: chain.headHashHex, audit_chain_blocks: String(chain.blocks) }));
  writeFileSync(`${base}.csv`, statementCsv(statement));
  console.log(`period ${statement.period}: ${statement.entries} entries, ${statement.pairs.length} province pairs, total ${statement.totalFen} fen; audit chain root ${chain.headHashHex}`);
  console.log(`wrote ${base}.json and ${base}.csv`);
} finally {
  await nc.close();
}
