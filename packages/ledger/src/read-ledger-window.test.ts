// The window reader against a real nats-server: entries stored before the window are never
// delivered (the consumer starts by time), the window's entries all are, and the day/period
// windows are the Beijing-time ones.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats, ensureTopology, startNatsServer, type NatsServerProcess } from "@tongxing/nats";
import { appendLedgerEntries } from "./ledger-fixture.js";
import { dayWindowMs, periodWindowMs, readLedger, readLedgerPeriod, readLedgerWindow } from "./mod.js";

let server: NatsServerProcess;
let nc: NatsConnection;
const storeDir = mkdtempSync(join(tmpdir(), "tongxing-ledger-"));

before(async () => {
  server = await startNatsServer({ storeDir });
  nc = await connectNats({ servers: server.url, name: "ledger-window-test" });
  await ensureTopology(nc, await jetstreamManager(nc));
});

after(async () => {
  await nc.close();
  await server.stop();
  rmSync(storeDir, { recursive: true, force: true });
});

test("a window reads the entries stored in it and none of the history before it", async () => {
  const js = jetstream(nc);
  assert.equal(await countOf(readLedgerWindow(nc, Date.now(), Date.now() + 1000, 0)), 0, "an empty ledger reads nothing (and does not wait)");
  await appendLedgerEntries(js, 0, 500);
  await sleep(400);
  const fromMs = Date.now();
  await appendLedgerEntries(js, 500, 40);
  const inWindow: string[] = [];
  for await (const e of readLedgerWindow(nc, fromMs, Date.now() + 1000, 100)) inWindow.push(e.setlId);
  assert.equal(inWindow.length, 40);
  assert.deepEqual(inWindow, Array.from({ length: 40 }, (_, i) => `S${500 + i}`), "exactly the window's entries, oldest first");
  assert.equal(await countOf(readLedgerWindow(nc, Date.now() + 60_000, Date.now() + 120_000, 0)), 0, "a window after the last entry reads nothing");
  const earlier = await countOf(readLedgerWindow(nc, fromMs - 60_000, fromMs - 200, 0));
  assert.equal(earlier, 500, "a window around the history reads the history and stops before the later entries");
  assert.equal(await countOf(readLedger(nc)), 540, "the full reader still reads everything");
  // All 540 were stored now: this Beijing month's period reads them, a period a year ago none.
  const beijing = new Date(Date.now() + 8 * 3_600_000);
  const period = (y: number, m: number) => `${y}${String(m + 1).padStart(2, "0")}`;
  assert.equal(await countOf(readLedgerPeriod(nc, period(beijing.getUTCFullYear(), beijing.getUTCMonth()))), 540);
  assert.equal(await countOf(readLedgerPeriod(nc, period(beijing.getUTCFullYear() - 1, beijing.getUTCMonth()))), 0);
});

test("day and period windows are Beijing time", () => {
  assert.deepEqual(dayWindowMs("2026-12-03"), { fromMs: Date.parse("2026-12-02T16:00:00Z"), toMs: Date.parse("2026-12-03T16:00:00Z") });
  assert.deepEqual(periodWindowMs("202612"), { fromMs: Date.parse("2026-11-30T16:00:00Z"), toMs: Date.parse("2026-12-31T16:00:00Z") });
  assert.deepEqual(periodWindowMs("202602"), { fromMs: Date.parse("2026-01-31T16:00:00Z"), toMs: Date.parse("2026-02-28T16:00:00Z") });
  assert.throws(() => dayWindowMs("2026-13-45"), RangeError);
  assert.throws(() => periodWindowMs("2026-12"), RangeError);
});

async function countOf(it: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}
