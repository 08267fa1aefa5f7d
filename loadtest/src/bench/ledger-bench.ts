// `npm run bench:ledger [-- --history 3000 --day 300]`: what reconciling one day costs as the
// ledger's history grows 10×. A real nats-server; history entries are stored first, then (after a
// pause, so they lie before the day's window in stream time) one day's entries; the day is read
// with the window reader that ReconcileTotals/Details and period close use (readLedgerWindow) and,
// for contrast, with the full reader they used before (readLedger). Best of 3 reads each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { readLedger, readLedgerWindow } from "@tongxing/ledger";
import { appendLedgerEntries } from "@tongxing/ledger/fixture";
import { connectNats, ensureTopology, startNatsServer } from "@tongxing/nats";

const { values } = parseArgs({ options: { history: { type: "string", default: "3000" }, day: { type: "string", default: "300" } } });
const history = Number(values.history);
const dayEntries = Number(values.day);
const MARGIN_MS = 200; // the pause below is longer: the window holds only the day's entries

async function timed(read: () => AsyncIterable<unknown>): Promise<{ ms: number; count: number }> {
  let best = { ms: Infinity, count: 0 };
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    let count = 0;
    for await (const _ of read()) count++;
    const ms = performance.now() - start;
    if (ms < best.ms) best = { ms, count };
  }
  return best;
}

const storeDir = mkdtempSync(join(tmpdir(), "tongxing-bench-ledger-"));
const server = await startNatsServer({ storeDir });
const nc = await connectNats({ servers: server.url, name: "bench-ledger" });
try {
  await ensureTopology(nc, await jetstreamManager(nc));
  const js = jetstream(nc);
  console.log(`node ${process.version}; ${dayEntries} entries in the day read; best of 3 reads`);
  console.log(`${"history".padStart(8)} ${"day window: entries".padStart(20)} ${"ms".padStart(8)} ${"full read: entries".padStart(19)} ${"ms".padStart(9)}`);
  let stored = 0;
  for (const target of [history, history * 10]) {
    await appendLedgerEntries(js, stored, target - stored);
    stored = target;
    await sleep(1_000);
    const fromMs = Date.now();
    await appendLedgerEntries(js, 1_000_000_000 + stored, dayEntries);
    const toMs = Date.now() + 1;
    const window = await timed(() => readLedgerWindow(nc, fromMs, toMs, MARGIN_MS));
    const full = await timed(() => readLedger(nc));
    if (window.count !== dayEntries) throw new Error(`the window read ${window.count} entries, expected ${dayEntries}`);
    console.log(`${String(target).padStart(8)} ${String(window.count).padStart(20)} ${window.ms.toFixed(1).padStart(8)} ${String(full.count).padStart(19)} ${full.ms.toFixed(1).padStart(9)}`);
  }
} finally {
  await nc.close();
  await server.stop();
  rmSync(storeDir, { recursive: true, force: true });
}
