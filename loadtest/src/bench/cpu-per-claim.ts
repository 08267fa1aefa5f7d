// CPU time per answered claim, per process, over a benchmark phase. On a shared VM the wall-clock
// rate moves with the neighbours' load (steal time); the CPU a claim costs the hub's processes
// does not, so this is the figure that tells whether a change made the hub cheaper. Linux only:
// it reads utime + stime from /proc/<pid>/stat (clock ticks; USER_HZ is 100 on Linux).
import { readFileSync } from "node:fs";

const TICKS_PER_SEC = 100;

/** One process to account for: a child by pid, or this process (`pid: "self"`). */
export interface AccountedProcess {
  readonly name: string;
  readonly pid: number | "self";
}

/** CPU seconds used so far by each process, by name; a process that is gone reads NaN. */
export type CpuSample = ReadonlyMap<string, number>;

/** utime + stime of a /proc/<pid>/stat line, in seconds (the comm field may hold spaces). */
export function cpuSecondsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SEC;
}

function cpuSecondsOf(p: AccountedProcess): number {
  if (p.pid === "self") {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  try {
    return cpuSecondsOfStat(readFileSync(`/proc/${p.pid}/stat`, "utf8"));
  } catch {
    return Number.NaN;
  }
}

export function sampleCpu(processes: readonly AccountedProcess[]): CpuSample {
  return new Map(processes.map((p) => [p.name, cpuSecondsOf(p)]));
}

/** One row of the CPU table. */
export interface CpuRow {
  readonly name: string;
  /** Share of one core over the phase, per cent. */
  readonly corePercent: number;
  /** CPU microseconds per answered claim. */
  readonly usPerClaim: number;
}

/** Per process and in total: share of a core and CPU µs per claim between two samples. */
export function cpuPerClaim(before: CpuSample, after: CpuSample, wallSec: number, claims: number): { rows: CpuRow[]; total: CpuRow } {
  const rows = [...after].map(([name, sec]) => {
    const used = sec - (before.get(name) ?? Number.NaN);
    return { name, corePercent: Math.round((used / wallSec) * 100), usPerClaim: claims > 0 ? Math.round((used * 1e6) / claims) : Number.NaN };
  });
  const used = rows.reduce((s, r) => s + (Number.isFinite(r.usPerClaim) ? r.usPerClaim : 0), 0);
  const core = rows.reduce((s, r) => s + (Number.isFinite(r.corePercent) ? r.corePercent : 0), 0);
  return { rows, total: { name: "all processes", corePercent: core, usPerClaim: used } };
}
