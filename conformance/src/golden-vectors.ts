import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the golden vectors live: conformance/vectors/<dialect>/<NNN-slug>/. */
export const VECTORS_ROOT = fileURLToPath(new URL("../vectors", import.meta.url));

/** One golden vector as stored on disk (vector.json plus the files it names). */
export interface GoldenVector {
  readonly dialect: string;
  /** Folder name, e.g. "003-pharmacy-2102". */
  readonly name: string;
  readonly description: string;
  readonly kind: "claim" | "invalid";
  /** The exact bytes a province sends. */
  readonly input: Uint8Array;
  /** Expected canonical claim (proto JSON text), for kind "claim". */
  readonly claimJson?: string;
  /** The SettlementResult (proto JSON text) to render, for kind "claim". */
  readonly resultJson?: string;
  /** The exact bytes the rendering must produce, for kind "claim". */
  readonly expectedResult?: Uint8Array;
  /** The violation an invalid input must produce. */
  readonly error?: { readonly field: string; readonly description: string };
}

interface VectorFile {
  description?: unknown;
  kind?: unknown;
  input?: unknown;
  result?: unknown;
  error?: { field?: unknown; description?: unknown };
}

/** Dialects that have a vectors folder. */
export function vectorDialects(root = VECTORS_ROOT): string[] {
  try {
    return readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** Loads every vector of one dialect, in folder order. A malformed vector folder throws, naming it. */
export function loadGoldenVectors(dialect: string, root = VECTORS_ROOT): GoldenVector[] {
  const dir = join(root, dialect);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => loadOne(dialect, name, join(dir, name)));
}

function loadOne(dialect: string, name: string, dir: string): GoldenVector {
  const where = `${dialect}/${name}`;
  const meta = JSON.parse(readFileSync(join(dir, "vector.json"), "utf8")) as VectorFile;
  if (meta.kind !== "claim" && meta.kind !== "invalid") throw new Error(`${where}: vector.json kind must be "claim" or "invalid"`);
  if (typeof meta.input !== "string") throw new Error(`${where}: vector.json needs "input"`);
  const base = { dialect, name, description: String(meta.description ?? ""), input: readFileSync(join(dir, meta.input)) };
  if (meta.kind === "invalid") {
    if (typeof meta.error?.field !== "string") throw new Error(`${where}: an invalid vector needs error.field`);
    return { ...base, kind: "invalid", error: { field: meta.error.field, description: String(meta.error.description ?? "") } };
  }
  if (typeof meta.result !== "string") throw new Error(`${where}: a claim vector needs "result"`);
  return {
    ...base,
    kind: "claim",
    claimJson: readFileSync(join(dir, "claim.json"), "utf8"),
    resultJson: readFileSync(join(dir, "result.json"), "utf8"),
    expectedResult: readFileSync(join(dir, meta.result)),
  };
}
