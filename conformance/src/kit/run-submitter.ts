import type { KitTls } from "./kit-credentials.js";
import type { KitReport } from "./kit-report.js";
import { startGatewayServer } from "./gateway-server.js";
import { loadRequirements } from "./requirement-table.js";
import type { KitRun } from "./run-adjudicator.js";
import { runCases, selectCases, type CaseSelection } from "./run-cases.js";
import { SUBMITTER_CASES } from "./submitter-cases.js";
import { SubmitterSession, type SubmitterSettings } from "./submitter-session.js";
import { Transcript } from "./transcript.js";

/** Options for {@link runSubmitter}. */
export interface SubmitterRunOptions {
  readonly tls: KitTls;
  /** host:port to serve ClaimGateway on. Default 127.0.0.1:50051. */
  readonly listen?: string;
  /** How long to wait for the client's first request. Default 60 s. */
  readonly connectWaitMs?: number;
  readonly settings?: Partial<SubmitterSettings>;
  /** The dialect the client is expected to send (named in the report; each request names its own). */
  readonly dialect?: string;
  readonly selection?: CaseSelection;
  readonly progress?: (line: string) => void;
  readonly onListening?: (address: string) => void;
}

/**
 * The kit plays the hub's ClaimGateway: waits for the client's first request, then answers its
 * claims in turn, one case each, with every result the hub gives.
 */
export async function runSubmitter(options: SubmitterRunOptions): Promise<KitRun> {
  const cases = selectCases(SUBMITTER_CASES, options.selection ?? { caseIds: [], requirementIds: [] });
  const progress = options.progress ?? (() => {});
  const transcript = new Transcript();
  const startedAt = new Date().toISOString();
  const server = await startGatewayServer(options.tls, options.listen ?? "127.0.0.1:50051", transcript);
  options.onListening?.(server.address);
  const session = new SubmitterSession(server, { requestWaitMs: 10_000, ...options.settings });
  const ids = new Set(cases.flatMap((c) => c.requirements));
  const requirements = loadRequirements().filter((r) => ids.has(r.id));
  const target = `${server.address} (${options.dialect ?? "nhsa-json"})`;
  try {
    transcript.caseId = "connect";
    try {
      await session.awaitFirst(options.connectWaitMs ?? 60_000);
    } catch {
      progress(`no client sent a claim to ${server.address}`);
      const report: KitReport = { mode: "submitter", target, startedAt, finishedAt: new Date().toISOString(), cases: [], requirements, transcript: transcript.entries };
      return { report, connected: false };
    }
    const outcomes = await runCases(cases, session, transcript, progress);
    return { report: { mode: "submitter", target, startedAt, finishedAt: new Date().toISOString(), cases: outcomes, requirements, transcript: transcript.entries }, connected: true };
  } finally {
    await server.close();
  }
}
