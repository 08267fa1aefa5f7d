import assert from "node:assert/strict";
import { test } from "node:test";
import { drawSample } from "./draw-sample.js";

const claims = Array.from({ length: 200 }, (_, i) => `C${i.toString(16).padStart(24, "0")}`);
const roster = ["张检", "李检", "王检", "赵检", "钱检"];

test("the same seed and candidates give the same sample and inspectors, whatever their order", () => {
  const a = drawSample("seed-2026-12", claims, 10, roster);
  const b = drawSample("seed-2026-12", [...claims].reverse(), 10, [...roster].reverse());
  assert.deepEqual(b, a);
  assert.equal(a.sample.length, 10);
  assert.equal(new Set(a.sample).size, 10);
  assert.equal(a.inspectors.length, 2);
  assert.notEqual(a.inspectors[0], a.inspectors[1]);
});

test("another seed draws another sample; another candidate list has another hash", () => {
  const a = drawSample("seed-a", claims, 10, roster);
  const b = drawSample("seed-b", claims, 10, roster);
  assert.notDeepEqual(b.sample, a.sample);
  assert.equal(b.candidatesSha256, a.candidatesSha256);
  assert.notEqual(drawSample("seed-a", claims.slice(1), 10, roster).candidatesSha256, a.candidatesSha256);
});

test("a sample larger than the candidates takes them all", () => {
  assert.equal(drawSample("s", claims.slice(0, 3), 10, roster).sample.length, 3);
});
