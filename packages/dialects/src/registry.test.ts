import assert from "node:assert/strict";
import { test } from "node:test";
import { isInvalidInputError } from "@tongxing/domain";
import { canonicalDialect } from "./canonical.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { createDialectRegistry } from "./registry.js";

test("the registry knows canonical and nhsa-json by name", () => {
  const registry = createDialectRegistry();
  assert.deepEqual(registry.names().slice(0, 2), ["canonical", "nhsa-json"]);
  assert.equal(registry.get("canonical"), canonicalDialect);
  assert.equal(registry.get("nhsa-json"), nhsaJsonDialect);
  for (const name of registry.names()) assert.equal(registry.get(name).name, name);
});

test("an unknown dialect is an InvalidInputError on dialect, listing the known ones", () => {
  const registry = createDialectRegistry();
  assert.throws(
    () => registry.get("x"),
    (err) => {
      assert.ok(isInvalidInputError(err));
      assert.deepEqual(err.violations, [{ field: "dialect", description: `unknown dialect "x"; known: ${registry.names().join(", ")}` }]);
      return true;
    },
  );
  assert.throws(() => registry.get(""), /unknown dialect ""/);
  assert.throws(() => registry.get("NHSA-JSON"), /unknown dialect/, "names are exact");
  assert.throws(() => registry.get("y".repeat(10_000)), (err) => isInvalidInputError(err) && (err.violations[0]?.description.length ?? 0) < 200, "the echo is bounded");
});

test("a registry can be built from an explicit list", () => {
  const only = createDialectRegistry([canonicalDialect, nhsaJsonDialect]);
  assert.deepEqual(only.names(), ["canonical", "nhsa-json"]);
  assert.throws(() => only.get("x"), /known: canonical, nhsa-json$/);
});
