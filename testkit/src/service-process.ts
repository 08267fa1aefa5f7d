import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A hub service running as its own process (for tests that kill it). */
export interface ServiceProcess {
  readonly pid: number;
  /** SIGKILL: a crash, no cleanup. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** Resolves when the process has exited (on its own, or killed). */
  readonly exited: Promise<void>;
}

/**
 * Starts `services/<name>/src/main.ts` with tsx and resolves once it logs that it started
 * (a line containing `readyText`).
 */
export function startServiceProcess(
  name: "router" | "auditor" | "translator",
  env: Record<string, string>,
  readyText: string,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", `services/${name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      if (process.env.TESTKIT_SHOW_LOGS === "1") process.stderr.write(chunk);
      out += chunk.toString("utf8");
      if (out.length > 1_000_000) out = out.slice(-100_000);
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve(handleOf(child, exited));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting:\n${out}`));
    });
  });
}

function handleOf(child: ChildProcess, exited: Promise<void>): ServiceProcess {
  return {
    pid: child.pid ?? -1,
    exited,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
