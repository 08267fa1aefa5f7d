// `npm run fuzz [-- --count 100000] [--dialect name] [--seed n]`: hostile-input fuzzing of every
// dialect's decoders: the treatment side's claims, and the insured side's adjudication replies
// where the dialect has them. Prints progress and a table; exits 1 on any crash, unnamed rejection,
// message over the time bound, or heap growth beyond the bound.
import { parseArgs } from "node:util";
import { createDialectRegistry } from "@tongxing/dialects";
import { fuzzDialect, type FuzzOptions } from "./fuzz/fuzz-dialect.js";
import { fuzzSeeds, replySeeds } from "./fuzz/fuzz-seeds.js";

const { values } = parseArgs({
  options: { count: { type: "string", default: "100000" }, dialect: { type: "string" }, seed: { type: "string", default: "1" } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${values.count}`);
const registry = createDialectRegistry();
const names = values.dialect === undefined ? registry.names() : [values.dialect];
const gc = (globalThis as { gc?: () => void }).gc;
const MAX_HEAP_GROWTH_MB = 64;

let failed = false;
const rows: string[] = [];
/** One fuzz run of `count` inputs, its table row and its crashes reported. */
function run(label: string, options: Omit<FuzzOptions, "count" | "seed" | "onProgress">): void {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const stats = fuzzDialect({
    ...options,
    count,
    seed: Number(values.seed),
    onProgress: (done, s) => console.error(`  ${label}: ${done}/${count}  decoded ${s.decoded}  rejected ${s.rejected}  crashes ${s.crashCount}  max ${s.maxMs.toFixed(1)} ms`),
  });
  gc?.();
  const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
  const bad = stats.crashCount > 0 || stats.unnamed > 0 || stats.slow > 0 || growthMb > MAX_HEAP_GROWTH_MB;
  failed ||= bad;
  rows.push(
    `${label.padEnd(22)} ${String(stats.runs).padStart(8)} ${String(stats.decoded).padStart(8)} ${String(stats.rejected).padStart(8)} ${String(stats.crashCount).padStart(7)} ${String(stats.unnamed).padStart(7)} ${String(stats.slow).padStart(5)} ${stats.maxMs.toFixed(1).padStart(7)} ${(stats.totalMs / stats.runs * 1000).toFixed(0).padStart(8)} ${growthMb.toFixed(1).padStart(8)}  ${bad ? "FAIL" : "ok"}`,
  );
  for (const c of stats.crashes) console.error(`  crash in ${label}: ${c.message}\n    input (base64): ${c.input.slice(0, 200)}`);
}

for (const name of names) {
  const dialect = registry.get(name);
  run(name, { dialect, seeds: fuzzSeeds(dialect, registry) });
  const replies = replySeeds(dialect, registry);
  if (replies !== undefined) run(`${name} replies`, { dialect, decode: (input) => dialect.decodeAdjudication?.(input, replies.claim), seeds: replies.seeds });
}
console.log(`\n${"dialect".padEnd(22)} ${"inputs".padStart(8)} ${"decoded".padStart(8)} ${"rejected".padStart(8)} ${"crashes".padStart(7)} ${"unnamed".padStart(7)} ${"slow".padStart(5)} ${"max ms".padStart(7)} ${"mean µs".padStart(8)} ${"heap MB".padStart(8)}`);
for (const r of rows) console.log(r);
if (gc === undefined) console.log("(run with --expose-gc for a meaningful heap figure; npm run fuzz does)");
process.exitCode = failed ? 1 : 0;
