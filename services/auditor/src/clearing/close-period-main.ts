// `npm run clearing -- --period 202611 [--nats nats://127.0.0.1:4222] [--out reports]`: closes a
// clearing period — verifies the audit chain, records the period's root hash (once), and writes
// the clearing statement from the ledger as JSON and CSV.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectNats } from "@tongxing/nats";
import { closePeriod } from "./close-period.js";
import { statementCsv, statementJson } from "./statement-formats.js";

const { values } = parseArgs({ options: { period: { type: "string" }, nats: { type: "string", default: "nats://127.0.0.1:4222" }, out: { type: "string", default: "reports" } } });
if (values.period === undefined) throw new Error("--period yyyyMM is required, e.g. --period 202611");
const nc = await connectNats({ servers: values.nats, name: "close-period" });
try {
  const closed = await closePeriod(nc, values.period);
  const s = closed.statement;
  mkdirSync(values.out, { recursive: true });
  const base = join(values.out, `clearing-${s.period}`);
  writeFileSync(`${base}.json`, statementJson(s, { audit_chain_root: closed.rootHashHex, audit_chain_blocks: String(closed.chainBlocks), closed_at: closed.closedAt }));
  writeFileSync(`${base}.csv`, statementCsv(s));
  console.log(`period ${s.period} closed: ${s.entries} entries, ${s.pairs.length} province pairs, total ${s.totalFen} fen; audit chain root ${closed.rootHashHex}`);
  console.log(`wrote ${base}.json and ${base}.csv`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await nc.close();
}
