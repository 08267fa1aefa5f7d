import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { cyclesOf, readImports, readWorkspaces, workspaceOf, type ImportEdge, type Workspace } from "./import-graph.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const workspaces = readWorkspaces(root);
const edges = readImports(root, workspaces);
const byName = new Map(workspaces.map((w) => [w.name, w]));
const isTest = (file: string) => /\.(test|fixture)\.ts$/.test(file) || file.startsWith("test/");
const show = (e: ImportEdge) => `${e.from} → ${e.specifier}`;

/** The workspace an import reaches, whether by name or by a relative path. */
function reached(e: ImportEdge): Workspace | undefined {
  if (e.packageName !== undefined) return byName.get(e.packageName);
  return e.target === undefined ? undefined : workspaceOf(workspaces, e.target);
}

test("the graph reader sees the repository: workspaces, imports and package entries", () => {
  assert.ok(byName.get("@tongxing/dialects")?.kind === "package");
  assert.ok(byName.get("@tongxing/translator")?.kind === "service");
  assert.ok(edges.length > 1000, `only ${edges.length} imports read`);
  assert.ok(edges.some((e) => e.from.startsWith("services/translator/") && e.packageName === "@tongxing/dialects"));
});

test("packages, the load generator and the conformance kit never import a service, and no service imports another", () => {
  const bad = edges.filter((e) => {
    const from = workspaceOf(workspaces, e.from);
    const to = reached(e);
    if (to === undefined || to === from || to.kind !== "service") return false;
    // The load generator and the conformance kit are shipped to others too: like packages, they reach
    // services only as processes, never by import (testkit and the tests under test/ may).
    return from.kind === "package" || from.kind === "service" || from.dir === "loadtest" || from.dir === "conformance";
  });
  assert.deepEqual(bad.map(show), []);
});

test("the translator, the load generator and the conformance kit reach the dialects through @tongxing/dialects", () => {
  for (const dir of ["services/translator/", "loadtest/", "conformance/"]) {
    assert.ok(edges.some((e) => e.from.startsWith(dir) && e.packageName === "@tongxing/dialects"), `${dir} does not import @tongxing/dialects`);
  }
  assert.deepEqual(edges.filter((e) => e.packageName === "@tongxing/translator" && !e.from.startsWith("testkit/") && !e.from.startsWith("test/")).map(show), []);
});

test("no relative import reaches into another workspace (use its package name)", () => {
  const bad = edges.filter((e) => e.packageName === undefined && e.target !== undefined && workspaceOf(workspaces, e.target) !== workspaceOf(workspaces, e.from));
  assert.deepEqual(bad.map(show), []);
});

test("every import names a declared dependency of its own workspace, and a workspace's published entry", () => {
  const rootDeclared = byName.get("(root)")!.declared;
  const bad: string[] = [];
  for (const e of edges) {
    if (e.packageName === undefined) continue;
    const ws = workspaceOf(workspaces, e.from);
    if (ws.name === e.packageName) continue;
    // Test files may use the root's test tooling (fast-check, yaml); everything else declares its own.
    const ok = ws.declared.has(e.packageName) || ((isTest(e.from) || ws.kind === "app") && rootDeclared.has(e.packageName));
    if (!ok) bad.push(`${show(e)} (not declared by ${ws.name})`);
    if (byName.has(e.packageName) && e.target === undefined) bad.push(`${show(e)} (not an entry ${e.packageName} exports)`);
  }
  assert.deepEqual(bad, []);
});

test("no import cycle between source files", () => {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (e.target === undefined) continue;
    const list = graph.get(e.from) ?? [];
    list.push(e.target);
    graph.set(e.from, list);
  }
  assert.deepEqual(cyclesOf(graph), []);
});

test("no cycle between workspaces through their non-test code", () => {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (isTest(e.from)) continue;
    const from = workspaceOf(workspaces, e.from);
    const to = reached(e);
    if (to === undefined || to === from) continue;
    const list = graph.get(from.name) ?? [];
    if (!list.includes(to.name)) list.push(to.name);
    graph.set(from.name, list);
  }
  assert.deepEqual(cyclesOf(graph), []);
});

test("the cycle finder finds cycles (so the checks above can fail)", () => {
  const g = new Map([
    ["a", ["b"]],
    ["b", ["c"]],
    ["c", ["a"]],
    ["d", ["a"]],
  ]);
  assert.deepEqual(cyclesOf(g), [["a", "b", "c"]]);
  assert.deepEqual(cyclesOf(new Map([["x", ["x"]]])), [["x"]]);
  assert.deepEqual(cyclesOf(new Map([["x", ["y"]], ["y", []]])), []);
});
