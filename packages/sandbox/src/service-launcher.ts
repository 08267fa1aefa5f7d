import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** A service process started by the sandbox. */
export interface LaunchedService {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the service logged its ready line. */
  readonly ready: Promise<void>;
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (last resort when the launcher itself is exiting). */
  kill(): void;
}

/** Options for {@link launchService}. */
export interface LaunchServiceOptions {
  readonly name: string;
  /** Entry file, relative to cwd (run through tsx). */
  readonly entry: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly logDir: string;
  /** Text of the log line that means the service is ready. */
  readonly readyText: string;
  /** Called with each warning or error line (pino level ≥ 40), already formatted. */
  readonly onProblem: (line: string) => void;
  /** Extra node flags, e.g. --cpu-prof for profiling. */
  readonly nodeArgs?: readonly string[];
}

const LEVEL_WARN = 40;

/**
 * Starts one service as a child process; its JSON log goes to <logDir>/<name>.log, and its
 * warnings and errors are passed to onProblem so the terminal shows what needs attention.
 */
export function launchService(options: LaunchServiceOptions): LaunchedService {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: Ctrl-C reaches the launcher only, which stops services in order.
    detached: true,
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let markReady!: () => void;
  let markFailed!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  void exited.then((code) => markFailed(new Error(`${options.name} exited (code ${code}); see ${logFile}`)));
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on("line", (line) => {
      log.write(line + "\n");
      if (line.includes(options.readyText)) markReady();
      const parsed = parseLogLine(line);
      if (parsed === undefined) options.onProblem(`[${options.name}] ${line}`);
      else if (parsed.level >= LEVEL_WARN) options.onProblem(`[${options.name}] ${parsed.msg}`);
    });
  }
  return {
    name: options.name,
    pid: child.pid ?? -1,
    logFile,
    ready,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      timer.unref();
      await exited;
      clearTimeout(timer);
      log.end();
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

function parseLogLine(line: string): { level: number; msg: string } | undefined {
  try {
    const o = JSON.parse(line) as { level?: unknown; msg?: unknown };
    return typeof o.level === "number" ? { level: o.level, msg: typeof o.msg === "string" ? o.msg : line } : undefined;
  } catch {
    return undefined;
  }
}
