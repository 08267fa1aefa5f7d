// Shared readers for the deployment-file tests (test/deploy/*.test.ts): real YAML parsing with
// the `yaml` package, the env variables each service reads (parsed from its config/env.ts), and a
// Dockerfile instruction splitter.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SERVICES = ["translator", "router", "auditor"] as const;
export type ServiceName = (typeof SERVICES)[number];

export function read(rel: string): string {
  return readFileSync(join(ROOT, rel), "utf8");
}

export function exists(rel: string): boolean {
  return existsSync(join(ROOT, rel));
}

/** Every YAML document of a file, parsed; throws on any syntax error. */
export function yamlDocs(rel: string): unknown[] {
  // merge: YAML merge keys (<<), which docker compose applies
  const docs = parseAllDocuments(read(rel), { merge: true });
  const out: unknown[] = [];
  for (const d of docs) {
    if (d.errors.length > 0) throw new Error(`${rel}: ${d.errors.map((e) => e.message).join("; ")}`);
    const v: unknown = d.toJS();
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

export function yamlDoc(rel: string): Obj {
  const docs = yamlDocs(rel);
  if (docs.length !== 1) throw new Error(`${rel}: expected one YAML document, got ${docs.length}`);
  return obj(docs[0], rel);
}

export type Obj = Record<string, unknown>;

export function obj(v: unknown, what: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${what}: not a mapping`);
  return v as Obj;
}

export function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what}: not a list`);
  return v;
}

export function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new Error(`${what}: not a string (${JSON.stringify(v)})`);
  return v;
}

/** Dotted path into parsed YAML; undefined where any step is missing. */
export function at(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const key of path.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Obj)[key];
  }
  return cur;
}

/**
 * The env variables a service reads: the fields of its env interface, which must be exactly the
 * `env.X` reads of its read function (the file's own promise: "the only place … reads process.env").
 */
export function serviceEnvNames(service: ServiceName): Set<string> {
  const text = read(`services/${service}/src/config/env.ts`);
  const declared = new Set([...text.matchAll(/readonly\s+([A-Z][A-Z0-9_]*)\??\s*:/g)].map((m) => m[1] ?? ""));
  const readNames = new Set([...text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1] ?? ""));
  if (declared.size === 0) throw new Error(`no env fields found in services/${service}/src/config/env.ts`);
  if ([...declared].sort().join() !== [...readNames].sort().join()) {
    throw new Error(`services/${service}/src/config/env.ts: declared ${[...declared]} but reads ${[...readNames]}`);
  }
  return declared;
}

/** The port of a host:port address such as METRICS_ADDRESS. */
export function portOf(address: string): number {
  const m = /^(\S+):(\d{1,5})$/.exec(address);
  if (m === null) throw new Error(`not host:port: ${address}`);
  return Number(m[2]);
}

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions (continuations joined, comments and parser directives dropped). */
export function dockerInstructions(rel: string): Instruction[] {
  const lines = read(rel).split("\n");
  const out: Instruction[] = [];
  let pending = "";
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (pending === "" && /^\s*#/.test(line)) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full === "") continue;
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(full);
    if (m === null) throw new Error(`${rel}: cannot read instruction "${full}"`);
    out.push({ keyword: (m[1] ?? "").toUpperCase(), args: (m[2] ?? "").trim() });
  }
  return out;
}

/** KEY=VALUE pairs of a Dockerfile ENV instruction (the modern form only). */
export function envPairs(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) pairs.set(m[1] ?? "", (m[2] ?? "").replace(/^"|"$/g, ""));
  return pairs;
}

/**
 * Whether .dockerignore excludes a path, following Docker's rules for the patterns used here:
 * `*` within a segment, `**` across segments, a matching directory excludes what is below it,
 * later `!` lines re-include.
 */
export function dockerIgnored(patterns: readonly string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
    const re = new RegExp(
      "^" +
        pattern
          .split("/")
          .map((seg) => (seg === "**" ? "(?:.*)" : seg.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")))
          .join("/")
          .replace(/\(\?:\.\*\)\//g, "(?:.*/)?") +
        "(?:/.*)?$",
    );
    if (re.test(path)) ignored = !negate;
  }
  return ignored;
}
