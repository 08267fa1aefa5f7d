import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultPlatformEntries } from "./default-routing.js";
import { PlatformMode, dialectAt, parsePlatformEntry } from "./routing-entry.js";
import { RoutingTable } from "./routing-table.js";

function seeded(): RoutingTable {
  const t = new RoutingTable();
  for (const p of defaultPlatformEntries()) t.setPlatform(p);
  return t;
}

test("a pooling region is served by its province's platform by default", () => {
  const r = seeded().resolve("320281");
  assert.ok(r.ok);
  assert.equal(r.platform.id, "32");
});

test("an explicit region entry wins over the province default (special pools)", () => {
  const t = seeded();
  t.setPlatform({ id: "oilfield-37", name: "胜利油田", dialect: "nhsa-json", fundIncludesAcct: false, mode: PlatformMode.ACCEPT });
  t.setRegion({ admdvs: "370599", platform: "oilfield-37" });
  const special = t.resolve("370599");
  assert.ok(special.ok && special.platform.id === "oilfield-37");
  const ordinary = t.resolve("370500");
  assert.ok(ordinary.ok && ordinary.platform.id === "37");
});

test("unknown regions and refusing platforms say why", () => {
  const t = seeded();
  const none = t.resolve("990100");
  assert.ok(!none.ok && none.reason === "NO_ROUTE");
  t.setPlatform({ ...t.platform("32")!, mode: PlatformMode.REFUSE, refuseReason: "停机切换 until 2026-12-01" });
  const refusing = t.resolve("320100");
  assert.ok(!refusing.ok && refusing.reason === "PLATFORM_REFUSING");
  assert.match(refusing.message, /停机切换/);
});

test("31 default platforms; a few report fund including the account", () => {
  const entries = defaultPlatformEntries();
  assert.equal(entries.length, 31);
  assert.deepEqual(entries.filter((e) => e.fundIncludesAcct).map((e) => e.id), ["33", "44", "51"]);
});

test("invalid operator entries are rejected, not trusted", () => {
  assert.equal(parsePlatformEntry({ id: "has space" }), undefined);
  assert.equal(parsePlatformEntry("x"), undefined);
  assert.equal(parsePlatformEntry({ id: "37", mode: "weird" })?.mode, PlatformMode.ACCEPT);
});

test("a platform switches dialect at its cutover instant", () => {
  const entry = parsePlatformEntry({
    id: "37",
    dialect: "jinbao-legacy",
    dialectCutovers: [{ dialect: "nhsa-json", from: "2026-12-01T00:00:00+08:00" }],
  });
  assert.ok(entry);
  const cutover = Date.parse("2026-12-01T00:00:00+08:00");
  assert.equal(dialectAt(entry, cutover - 1), "jinbao-legacy");
  assert.equal(dialectAt(entry, cutover), "nhsa-json");
  assert.equal(parsePlatformEntry({ id: "37", dialectCutovers: [{ dialect: "x", from: "next tuesday" }] }), undefined, "an unreadable instant is refused");
  assert.equal(parsePlatformEntry({ id: "37", dialectCutovers: [{ dialect: "x", from: "2026-12-01T00:00:00" }] }), undefined, "an instant needs its offset");
});
