/**
 * The repository's import graph, read from the TypeScript sources as text: which file imports
 * what, which workspace each file belongs to, and what each workspace declares. The checks in
 * import-graph.test.ts run on it; it has no other user.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

/** One workspace (an npm package of the repository). */
export interface Workspace {
  readonly name: string;
  /** Folder, relative to the repository root. */
  readonly dir: string;
  /** "package" for packages/*, "service" for services/*, "app" for the rest (loadtest, conformance, testkit, root). */
  readonly kind: "package" | "service" | "app";
  readonly declared: ReadonlySet<string>;
  /** The workspace's public entry file (relative to the root), if it has one. */
  readonly entry?: string;
}

/** One import statement's target, as written, and what it resolves to in the repository. */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** The file it reaches in the repository (relative to root), or undefined for an outside package. */
  readonly target?: string;
  /** The external or workspace package name, for bare specifiers. */
  readonly packageName?: string;
  readonly typeOnly: boolean;
}

const SKIP = new Set(["node_modules", ".git", ".data", "gen", "reports"]);
const ROOTS = ["packages", "services", "testkit", "loadtest", "conformance", "scripts", "test"];

function walk(dir: string, out: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The workspaces named by the root package.json (plus the root itself, as "app"). */
export function readWorkspaces(root: string): Workspace[] {
  const rootJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[]; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const dirs: string[] = [];
  for (const pattern of rootJson.workspaces) {
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      for (const e of readdirSync(join(root, parent), { withFileTypes: true })) if (e.isDirectory()) dirs.push(`${parent}/${e.name}`);
    } else dirs.push(pattern);
  }
  const out: Workspace[] = dirs.map((dir) => {
    const j = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
      name: string;
      exports?: Record<string, string>;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const entry = j.exports?.["."];
    return {
      name: j.name,
      dir,
      kind: dir.startsWith("packages/") ? "package" : dir.startsWith("services/") ? "service" : "app",
      declared: new Set([...Object.keys(j.dependencies ?? {}), ...Object.keys(j.devDependencies ?? {})]),
      ...(entry === undefined ? {} : { entry: join(dir, entry) }),
    };
  });
  out.push({ name: "(root)", dir: "", kind: "app", declared: new Set([...Object.keys(rootJson.dependencies ?? {}), ...Object.keys(rootJson.devDependencies ?? {})]) });
  return out;
}

/** The workspace holding `file` (the longest matching folder). */
export function workspaceOf(workspaces: readonly Workspace[], file: string): Workspace {
  let best: Workspace | undefined;
  for (const w of workspaces) {
    if (w.dir === "" || file.startsWith(`${w.dir}/`)) {
      if (best === undefined || w.dir.length > best.dir.length) best = w;
    }
  }
  return best!;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/g;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every import of every TypeScript source file under the repository's code folders. */
export function readImports(root: string, workspaces: readonly Workspace[]): ImportEdge[] {
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  const edges: ImportEdge[] = [];
  for (const abs of ROOTS.flatMap((r) => walk(join(root, r), []))) {
    const from = relative(root, abs);
    const text = readFileSync(abs, "utf8");
    const specs: { spec: string; typeOnly: boolean }[] = [];
    for (const m of text.matchAll(IMPORT)) specs.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
    for (const m of text.matchAll(DYNAMIC)) specs.push({ spec: m[1]!, typeOnly: false });
    for (const { spec, typeOnly } of specs) {
      if (spec.startsWith(".")) {
        const target = relative(root, resolve(dirname(abs), spec)).replace(/\.js$/, ".ts");
        edges.push({ from, specifier: spec, target, typeOnly });
        continue;
      }
      if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
      const parts = spec.split("/");
      const packageName = spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
      const ws = byName.get(packageName);
      const sub = spec.slice(packageName.length);
      let target: string | undefined;
      if (ws !== undefined) {
        const j = JSON.parse(readFileSync(join(root, ws.dir, "package.json"), "utf8")) as { exports?: Record<string, string> };
        const e = j.exports?.[sub === "" ? "." : `.${sub}`];
        target = e === undefined ? undefined : join(ws.dir, e);
      }
      edges.push({ from, specifier: spec, packageName, typeOnly, ...(target === undefined ? {} : { target }) });
    }
  }
  return edges;
}

/** The strongly connected components with more than one node (Tarjan), each a cycle's members. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
