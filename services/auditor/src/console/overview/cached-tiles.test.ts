import assert from "node:assert/strict";
import { test } from "node:test";
import { createCachedTiles } from "./cached-tiles.js";
import type { PlatformTile } from "./platform-tiles.js";

const tile = (backlog: number): PlatformTile => ({ id: "37", name: "山东", link: "up", backlog, oldestWaitingMs: null });

test("the first call waits for a sample; later ones answer the last sample and refresh it in the background once it is old", async () => {
  let samples = 0;
  let fail = false;
  const errors: unknown[] = [];
  const tiles = createCachedTiles(
    async () => {
      samples += 1;
      if (fail) throw new Error("NATS slow");
      return [tile(samples)];
    },
    50,
    (err) => errors.push(err),
  );
  assert.equal((await tiles()).tiles[0]?.backlog, 1);
  assert.equal((await tiles()).tiles[0]?.backlog, 1, "fresh: no new sample");
  assert.equal(samples, 1);
  await new Promise((r) => setTimeout(r, 60));
  const stale = await Promise.all([tiles(), tiles(), tiles()]);
  assert.ok(stale.every((s) => s.tiles[0]?.backlog === 1), "an old sample is answered at once");
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(samples, 2, "one background sample for the three calls");
  assert.equal((await tiles()).tiles[0]?.backlog, 2);

  fail = true;
  await new Promise((r) => setTimeout(r, 60));
  const before = await tiles();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(errors.length, 1, "the failed sample is reported");
  const after = await tiles();
  assert.equal(after.tiles[0]?.backlog, 2, "and the previous sample kept, its time telling its age");
  assert.equal(after.sampledAtMs, before.sampledAtMs);
});
