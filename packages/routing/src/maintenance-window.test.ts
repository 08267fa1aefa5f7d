import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultPlatformEntries } from "./default-routing.js";
import { maintenanceWindowAt, parseMaintenanceWindows } from "./maintenance-window.js";
import { parsePlatformEntry } from "./routing-entry.js";
import { RoutingTable } from "./routing-table.js";

const at = (iso: string) => Date.parse(iso);

test("windows are effective-dated: start inclusive, end exclusive; refuse wins where they overlap", () => {
  const windows = parseMaintenanceWindows([
    { start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" },
    { start: "2026-12-06T00:00:00+08:00", end: "2026-12-06T01:00:00+08:00", mode: "refuse", reason: "切换数据库" },
  ])!;
  assert.equal(maintenanceWindowAt(windows, at("2026-12-05T21:59:59+08:00")), undefined);
  assert.equal(maintenanceWindowAt(windows, at("2026-12-05T22:00:00+08:00"))?.mode, "queue");
  assert.equal(maintenanceWindowAt(windows, at("2026-12-06T00:30:00+08:00"))?.mode, "refuse");
  assert.equal(maintenanceWindowAt(windows, at("2026-12-06T01:00:00+08:00"))?.mode, "queue");
  assert.equal(maintenanceWindowAt(windows, at("2026-12-06T02:00:00+08:00")), undefined);
});

test("an unusable window makes the whole entry unusable (ignored, as other bad entries)", () => {
  const base = { id: "32", name: "江苏", dialect: "nhsa-json", mode: "accept" };
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ start: "2026-12-05T22:00:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" }] }), undefined, "no offset");
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ start: "2026-12-06T02:00:00+08:00", end: "2026-12-05T22:00:00+08:00", mode: "queue" }] }), undefined, "end before start");
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "pause" }] }), undefined, "unknown mode");
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" }] })?.maintenanceWindows?.length, 1);
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ id: 7, start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" }] }), undefined, "an id that is not text");
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ id: " ", start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" }] }), undefined, "a blank id");
  assert.equal(parsePlatformEntry({ ...base, maintenanceWindows: [{ id: "JS-2026-12", start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "queue" }] })?.maintenanceWindows?.[0]?.id, "JS-2026-12", "the operator's reference kept");
});

test("a refusing window refuses the platform's claims then, naming its end; a queueing one still routes", () => {
  const t = new RoutingTable();
  for (const p of defaultPlatformEntries()) t.setPlatform(p);
  const js = t.platform("32")!;
  t.setPlatform({
    ...js,
    maintenanceWindows: [
      { start: "2026-12-05T22:00:00+08:00", end: "2026-12-06T02:00:00+08:00", mode: "refuse", reason: "系统升级" },
      { start: "2026-12-07T22:00:00+08:00", end: "2026-12-08T02:00:00+08:00", mode: "queue" },
    ],
  });
  const during = t.resolve("320100", at("2026-12-05T23:00:00+08:00"));
  assert.ok(!during.ok);
  assert.equal(during.reason, "PLATFORM_REFUSING");
  assert.match(during.message, /maintenance window until 2026-12-06T02:00:00\+08:00 \(系统升级\)/);
  assert.ok(t.resolve("320100", at("2026-12-06T02:00:00+08:00")).ok);
  assert.ok(t.resolve("320100", at("2026-12-07T23:00:00+08:00")).ok, "queueing: routed (the router holds it)");
});
