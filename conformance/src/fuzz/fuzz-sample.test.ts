// The fuzzer's sample in the normal test run: 2,000 mutated claims and 1,000 mutated adjudication
// replies per dialect; `npm run fuzz` runs 100,000 of each per dialect.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDialectRegistry } from "@tongxing/dialects";
import { fuzzDialect } from "./fuzz-dialect.js";
import { fuzzSeeds, replySeeds } from "./fuzz-seeds.js";

const registry = createDialectRegistry();

for (const name of registry.names()) {
  test(`${name}: 2,000 hostile inputs decode or fail with a named field, each within 50 ms of CPU`, () => {
    const dialect = registry.get(name);
    const stats = fuzzDialect({ dialect, seeds: fuzzSeeds(dialect, registry, 6), count: 2_000, seed: 42 });
    assert.equal(stats.crashCount, 0, `no exception other than InvalidInputError: ${JSON.stringify(stats.crashes.slice(0, 3))}`);
    assert.equal(stats.unnamed, 0, "every rejection names a field");
    assert.equal(stats.slow, 0, `no message over 50 ms of CPU (max ${stats.maxMs.toFixed(1)} ms)`);
    assert.equal(stats.runs, 2_000);
    assert.ok(stats.rejected > 0, "the mutations do produce rejections");
  });
}

for (const name of registry.names()) {
  const dialect = registry.get(name);
  const replies = replySeeds(dialect, registry);
  if (replies === undefined) continue;
  test(`${name}: 1,000 hostile adjudication replies decode or fail with a named field, each within 50 ms of CPU`, () => {
    const stats = fuzzDialect({ dialect, decode: (input) => dialect.decodeAdjudication!(input, replies.claim), seeds: replies.seeds, count: 1_000, seed: 43 });
    assert.equal(stats.crashCount, 0, `no exception other than InvalidInputError: ${JSON.stringify(stats.crashes.slice(0, 3))}`);
    assert.equal(stats.unnamed, 0, "every rejection names a field");
    assert.equal(stats.slow, 0, `no message over 50 ms of CPU (max ${stats.maxMs.toFixed(1)} ms)`);
    assert.ok(stats.rejected > 0 && stats.decoded > 0, `both outcomes occur (decoded ${stats.decoded}, rejected ${stats.rejected})`);
  });
}
