// `npm run clearing -- --period 202611 [--nats nats://127.0.0.1:4222] [--out reports]`: closes a
// clearing period — verifies the audit chain, records the period's root hash (once), and writes
// the clearing statement from the ledger as JSON and CSV; signs the root with the hub's key and
// exports it to the roots directory (--hub-key, default HUB_SIGNING_KEY_FILE or
// .data/pki/hub-signing-key.pem; --roots-dir, default PERIOD_ROOTS_DIR or .data/period-roots).
import { existsSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectNats, natsAuthFromEnv } from "@tongxing/nats";
import { hubKeyPaths, loadHubSigningKey } from "@tongxing/pki";
import { closePeriod } from "./close-period.js";
import { statementCsv, statementJson } from "./statement-formats.js";

const { values } = parseArgs({ options: { period: { type: "string" }, nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" }, out: { type: "string", default: "reports" }, "hub-key": { type: "string" }, "roots-dir": { type: "string" } } });
if (values.period === undefined) throw new Error("--period yyyyMM is required, e.g. --period 202611");
const keyFile = values["hub-key"] ?? process.env.HUB_SIGNING_KEY_FILE ?? hubKeyPaths(".data/pki").privateKey;
const rootsDir = values["roots-dir"] ?? process.env.PERIOD_ROOTS_DIR ?? ".data/period-roots";
if (!existsSync(keyFile)) console.error(`no hub signing key at ${keyFile}: the period's root is recorded in NATS but not signed or exported`);
const hubKey = existsSync(keyFile) ? await loadHubSigningKey(keyFile) : undefined;
const nc = await connectNats({ servers: values.nats, name: "close-period", ...natsAuthFromEnv(process.env, (f) => readFileSync(f, "utf8")) });
try {
  const closed = await closePeriod(nc, values.period, { ...(hubKey === undefined ? {} : { hubKey }), rootsDir });
  const s = closed.statement;
  mkdirSync(values.out, { recursive: true });
  const base = join(values.out, `clearing-${s.period}`);
  writeFileSync(`${base}.json`, statementJson(s, { audit_chain_root: closed.rootHashHex, audit_chain_blocks: String(closed.chainBlocks), closed_at: closed.closedAt }));
  writeFileSync(`${base}.csv`, statementCsv(s));
  console.log(`period ${s.period} closed: ${s.entries} entries, ${s.pairs.length} province pairs, total ${s.totalFen} fen; audit chain root ${closed.rootHashHex}`);
  console.log(`wrote ${base}.json and ${base}.csv${closed.rootFile === undefined ? "" : `; signed root (key ${hubKey?.keyId}) exported to ${closed.rootFile}`}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await nc.close();
}
