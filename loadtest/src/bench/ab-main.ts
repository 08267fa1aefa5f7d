// `npm run bench:ab -- --a <git ref> --b <git ref> [--pairs 5] [-- <bench args>]`
// Alternating A/B pairs of `npm run bench` in one session, the only comparison this shared, noisy
// machine kind allows (docs/performance.md). Each ref is checked out once into a detached worktree
// under the system's temp folder (this checkout's node_modules copied in), then the runs alternate
// A, B, B, A, A, B, … so neither side always runs first on a warm or cold box. Prints each run's
// figures and the median of each side, and writes reports/bench-ab-<time>.json.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "./bench-services.js";

const { values, positionals } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string", default: "HEAD" },
    pairs: { type: "string", default: "5" },
  },
  allowPositionals: true,
});
const DEFAULT_BENCH_ARGS = ["--rate", "200", "--duration", "4", "--saturation-sec", "8", "--skeleton", "hub"];
const benchArgs = positionals.length > 0 ? positionals : DEFAULT_BENCH_ARGS;
const pairs = Number(values.pairs);
if (values.a === undefined || !Number.isInteger(pairs) || pairs < 1) {
  console.error("usage: npm run bench:ab -- --a <git ref> [--b <git ref, default HEAD>] [--pairs 5] [-- <bench args>]");
  process.exit(2);
}

/** The figures compared, read from one run's reports/bench-*.json. */
interface RunFigures {
  side: "A" | "B";
  answeredPerSec: number;
  usPerClaim: number;
  echoCalls: number;
  natsIn: number;
  natsOut: number;
  openLoopP99Ms: number;
  hubOverSkeletonCpu: number | null;
}

function checkout(ref: string): { dir: string; sha: string } {
  const sha = execFileSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  const dir = join(tmpdir(), `tongxing-ab-${sha.slice(0, 12)}`);
  if (!existsSync(dir)) {
    console.log(`bench:ab: checking out ${ref} (${sha.slice(0, 12)}) into ${dir} …`);
    execFileSync("git", ["worktree", "add", "--detach", dir, sha], { cwd: REPO_ROOT, stdio: "inherit" });
    cpSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  return { dir, sha };
}

function newestReport(dir: string): string | undefined {
  const reports = join(dir, "reports");
  if (!existsSync(reports)) return undefined;
  return readdirSync(reports)
    .filter((f) => /^bench-\d.*\.json$/.test(f))
    .sort()
    .at(-1);
}

async function runBench(dir: string, side: "A" | "B"): Promise<RunFigures> {
  const before = newestReport(dir);
  await new Promise<void>((ok, fail) => {
    const child = spawn("npm", ["run", "--silent", "bench", "--", ...benchArgs], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.on("data", (b: Buffer) => {
      for (const line of b.toString().split("\n")) if (/answered per s|echo calls|messages per claim|p99/.test(line)) console.log(`  ${side}  ${line.trim()}`);
    });
    child.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`bench in ${dir} exited ${code}`))));
  });
  const file = newestReport(dir);
  if (file === undefined || file === before) throw new Error(`bench in ${dir} wrote no report`);
  const r = JSON.parse(readFileSync(join(dir, "reports", file), "utf8"));
  const total = r.saturation.cpu.at(-1);
  return {
    side,
    answeredPerSec: r.saturation.settledPerSec,
    usPerClaim: total.usPerClaim,
    echoCalls: r.ratios.claimCpuInEchoCalls,
    natsIn: r.saturation.natsMessagesPerClaim?.inPerClaim ?? NaN,
    natsOut: r.saturation.natsMessagesPerClaim?.outPerClaim ?? NaN,
    openLoopP99Ms: Number(r.openLoop.latencyMs.p99),
    hubOverSkeletonCpu: r.skeleton?.hubOverSkeletonCpu ?? null,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  const at = (i: number): number => s[i] ?? NaN;
  return s.length % 2 === 1 ? at(m) : (at(m - 1) + at(m)) / 2;
}

async function main(): Promise<void> {
  const a = checkout(values.a as string);
  const b = checkout(values.b);
  console.log(`bench:ab: A = ${values.a} (${a.sha.slice(0, 12)}), B = ${values.b} (${b.sha.slice(0, 12)}), ${pairs} pairs of \`npm run bench -- ${benchArgs.join(" ")}\``);
  const runs: RunFigures[] = [];
  for (let i = 0; i < pairs; i++) {
    const order: Array<"A" | "B"> = i % 2 === 0 ? ["A", "B"] : ["B", "A"];
    for (const side of order) {
      console.log(`bench:ab: pair ${i + 1}/${pairs}, ${side} …`);
      runs.push(await runBench(side === "A" ? a.dir : b.dir, side));
    }
  }
  const cols: Array<[keyof RunFigures, string]> = [
    ["answeredPerSec", "answered/s"],
    ["usPerClaim", "CPU µs/claim"],
    ["echoCalls", "echo calls"],
    ["natsIn", "NATS in/claim"],
    ["natsOut", "NATS out/claim"],
    ["openLoopP99Ms", "open-loop p99 ms"],
    ["hubOverSkeletonCpu", "hub/skeleton CPU"],
  ];
  console.log(`\n| run | ${cols.map(([, h]) => h).join(" | ")} |`);
  console.log(`|---|${cols.map(() => "---:").join("|")}|`);
  runs.forEach((r, i) => console.log(`| ${Math.floor(i / 2) + 1}${r.side} | ${cols.map(([k]) => String(r[k] ?? "")).join(" | ")} |`));
  for (const side of ["A", "B"] as const) {
    const mine = runs.filter((r) => r.side === side);
    console.log(`| median ${side} | ${cols.map(([k]) => String(Number(median(mine.map((r) => Number(r[k] ?? NaN))).toFixed(2)))).join(" | ")} |`);
  }
  const outDir = resolve(REPO_ROOT, "reports");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-ab-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ a: { ref: values.a, sha: a.sha }, b: { ref: values.b, sha: b.sha }, benchArgs, runs }, null, 2) + "\n");
  console.log(`\nreport: ${file}`);
}

main().catch((e: unknown) => {
  console.error(`bench:ab: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
