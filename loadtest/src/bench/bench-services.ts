// The hub's processes as the benchmarks start them: one launcher for any number of routers,
// auditors, translators and simulator processes, each with its own log file, stopped in reverse
// order. Shared by `npm run bench` (one of each) and `npm run bench:scale` (N of each).
import { fileURLToPath } from "node:url";
import { launchService, type LaunchedService } from "@tongxing/sandbox";

/** The repository root (services are started from it, through tsx). */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** What the benchmarks run, and the log line that says each is ready. */
export const HUB_ENTRIES = {
  router: { entry: "services/router/src/main.ts", readyText: "router started" },
  auditor: { entry: "services/auditor/src/main.ts", readyText: "auditor started" },
  translator: { entry: "services/translator/src/main.ts", readyText: "translator listening on" },
  simulator: { entry: "loadtest/src/simulator/main.ts", readyText: "simulated platforms started" },
  /** The pipeline-skeleton reference; its role (edge, router, auditor, platform) in SKELETON_ROLE. */
  skeleton: { entry: "loadtest/src/bench/skeleton/skeleton-main.ts", readyText: "skeleton ready:" },
} as const;

export type HubEntry = keyof typeof HUB_ENTRIES;

/** Options for {@link createServiceGroup}. */
export interface ServiceGroupOptions {
  readonly logDir: string;
  /** Environment every process gets (NATS_URL, LOG_LEVEL, …); each launch can add to it. */
  readonly env: Record<string, string>;
  /** Write a .cpuprofile per process into logDir. */
  readonly profile?: boolean;
  /** Warnings and errors of the services, for the terminal. */
  readonly say: (line: string) => void;
  /**
   * How long a process may take to log its ready line (at LOG_LEVEL info or lower) before the
   * launch fails. Default 90 s.
   */
  readonly readyTimeoutMs?: number;
}

/** Processes started together and stopped together. */
export interface ServiceGroup {
  readonly services: readonly LaunchedService[];
  /** Starts `kind` as process `name` (its log file is <logDir>/<name>.log); resolves when ready. */
  launch(kind: HubEntry, name: string, env?: Record<string, string>): Promise<LaunchedService>;
  /** Stops every process: kind by kind, the kind started last first; a kind's processes together. */
  stopAll(): Promise<void>;
  /** SIGKILL to every process (when the run must end at once). */
  killAll(): void;
}

export function createServiceGroup(options: ServiceGroupOptions): ServiceGroup {
  const services: LaunchedService[] = [];
  const kinds: { kind: HubEntry; service: LaunchedService }[] = [];
  return {
    services,
    async launch(kind, name, env = {}) {
      const { entry, readyText } = HUB_ENTRIES[kind];
      const nodeArgs = options.profile === true ? ["--cpu-prof", "--cpu-prof-dir", options.logDir] : [];
      const s = launchService({
        name,
        entry,
        cwd: REPO_ROOT,
        env: { ...options.env, ...env },
        logDir: options.logDir,
        readyText,
        nodeArgs,
        onProblem: (l) => options.say(`  ${l}`),
      });
      services.push(s);
      kinds.push({ kind, service: s });
      const timeoutMs = options.readyTimeoutMs ?? 90_000;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          s.ready,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${name} did not log "${readyText}" within ${timeoutMs} ms; see ${s.logFile}`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
      return s;
    },
    async stopAll() {
      const order = [...new Set(kinds.map((k) => k.kind))].reverse();
      for (const kind of order) await Promise.all(kinds.filter((k) => k.kind === kind).map((k) => k.service.stop()));
    },
    killAll() {
      for (const s of services) s.kill();
    },
  };
}
