import assert from "node:assert/strict";
import { test } from "node:test";
import { createSeededRandom, seedFromText } from "./seeded-random.js";

const draw = (seed: number, n = 20) => {
  const rng = createSeededRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

test("the same seed gives the same sequence; nearby and large seeds differ", () => {
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(1), draw(2));
  const now = 1_764_000_000_000;
  assert.notDeepEqual(draw(now), draw(now + 2 ** 32), "bits above 32 count");
  assert.notDeepEqual(draw(-1), draw(1));
  assert.deepEqual(draw(Number.NaN), draw(0));
});

test("values and integers stay in range and cover it", () => {
  const rng = createSeededRandom(7);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    const k = rng.int(-3, 3);
    assert.ok(Number.isInteger(k) && k >= -3 && k <= 3);
    seen.add(k);
  }
  assert.equal(seen.size, 7);
  assert.equal(rng.int(5, 5), 5);
  assert.throws(() => rng.int(2, 1), RangeError);
  assert.throws(() => rng.int(0.5, 1), RangeError);
});

test("pick, chance and digits", () => {
  const rng = createSeededRandom(11);
  const items = ["a", "b", "c"] as const;
  const picked = new Set(Array.from({ length: 300 }, () => rng.pick(items)));
  assert.equal(picked.size, 3);
  assert.throws(() => rng.pick([]), RangeError);
  assert.equal(rng.chance(0), false);
  assert.equal(rng.chance(1), true);
  assert.match(rng.digits(14), /^\d{14}$/);
  assert.equal(rng.digits(0), "");
});

test("seedFromText is stable and spreads", () => {
  assert.equal(seedFromText("32010000000000001234"), seedFromText("32010000000000001234"));
  assert.notEqual(seedFromText("a"), seedFromText("b"));
  assert.ok(Number.isInteger(seedFromText("")) && seedFromText("x") >= 0);
});
