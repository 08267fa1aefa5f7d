// Every golden vector of every dialect, through the translator's registered dialects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDialectRegistry } from "@tongxing/dialects";
import { checkVector } from "./check-vector.js";
import { loadGoldenVectors, vectorDialects } from "./golden-vectors.js";

const registry = createDialectRegistry();
const MIN_VECTORS = 15;

for (const name of vectorDialects()) {
  test(`${name}: at least ${MIN_VECTORS} golden vectors, every one reproduced exactly`, () => {
    assert.ok(registry.names().includes(name), `dialect ${name} has vectors but is not registered in the translator`);
    const dialect = registry.get(name);
    const vectors = loadGoldenVectors(name);
    assert.ok(vectors.length >= MIN_VECTORS, `${name} has ${vectors.length} vectors`);
    const failures = vectors.map((v) => [v.name, checkVector(dialect, v)] as const).filter(([, why]) => why !== undefined);
    assert.deepEqual(failures, [], failures.map(([n, why]) => `${n}: ${why}`).join("\n"));
  });
}
