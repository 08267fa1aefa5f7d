import { createDialectRegistry } from "@tongxing/dialects";
import { ADJUDICATOR_CASES } from "./adjudicator-cases.js";
import { AdjudicatorSession, type AdjudicatorSettings } from "./adjudicator-session.js";
import type { KitTls } from "./kit-credentials.js";
import type { KitReport } from "./kit-report.js";
import { startLinkServer } from "./link-server.js";
import { loadRequirements } from "./requirement-table.js";
import { runCases, selectCases, type CaseSelection } from "./run-cases.js";
import { Transcript } from "./transcript.js";

/** Options for {@link runAdjudicator}; timings default to the hub's. */
export interface AdjudicatorRunOptions {
  readonly tls: KitTls;
  /** host:port to serve ProvinceLink on. Default 127.0.0.1:50061. */
  readonly listen?: string;
  /** How long to wait for the platform's first stream. Default 60 s. */
  readonly connectWaitMs?: number;
  readonly settings?: Partial<AdjudicatorSettings>;
  readonly selection?: CaseSelection;
  readonly progress?: (line: string) => void;
  /** Called once the kit listens (the address to point the platform at). */
  readonly onListening?: (address: string) => void;
}

/** The run's report, and whether the platform ever connected (exit code 3 if not). */
export interface KitRun {
  readonly report: KitReport;
  readonly connected: boolean;
}

export const DEFAULT_ADJUDICATOR_SETTINGS: AdjudicatorSettings = {
  answerDeadlineMs: 3_000,
  replyWaitMs: 10_000,
  reconnectWindowMs: 10_000,
  ackDeadlineMs: 3_000,
  insuplcAdmdvs: "320100",
  dialect: "canonical",
};

/**
 * The kit plays the hub's ProvinceLink: waits for the platform's stream, then runs the selected
 * cases against it in order and closes.
 */
export async function runAdjudicator(options: AdjudicatorRunOptions): Promise<KitRun> {
  const selection = options.selection ?? { caseIds: [], requirementIds: [] };
  const progress = options.progress ?? (() => {});
  const settings = { ...DEFAULT_ADJUDICATOR_SETTINGS, ...options.settings };
  // The signature case needs the platform's public key; without one it is left out, and said so.
  const cases = selectCases(ADJUDICATOR_CASES, selection).filter((c) => {
    if (c.needsPlatformKey !== true || settings.platformKey !== undefined) return true;
    progress(`${c.id}: not run (give --platform-key to check the platform's signatures)`);
    return false;
  });
  createDialectRegistry().get(settings.dialect); // an unknown dialect is a usage error, before listening
  const transcript = new Transcript();
  const startedAt = new Date().toISOString();
  const server = await startLinkServer({ tls: options.tls, listen: options.listen ?? "127.0.0.1:50061", transcript });
  options.onListening?.(server.address);
  const session = new AdjudicatorSession(server, settings);
  const ids = new Set(cases.flatMap((c) => c.requirements));
  const requirements = loadRequirements().filter((r) => ids.has(r.id));
  try {
    transcript.caseId = "connect";
    try {
      await session.acceptStream(options.connectWaitMs ?? 60_000);
    } catch {
      progress(`the platform never connected to ${server.address}`);
      const report: KitReport = { mode: "adjudicator", target: server.address, startedAt, finishedAt: new Date().toISOString(), cases: [], requirements, transcript: transcript.entries };
      return { report, connected: false };
    }
    progress(`platform "${session.starts[0]?.conn.identity.platform ?? ""}" connected to ${server.address}`);
    const outcomes = await runCases(cases, session, transcript, progress);
    return {
      report: { mode: "adjudicator", target: server.address, startedAt, finishedAt: new Date().toISOString(), cases: outcomes, requirements, transcript: transcript.entries },
      connected: true,
    };
  } finally {
    await server.close();
  }
}
