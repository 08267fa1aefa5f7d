import { readFileSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import { isInvalidInputError } from "@tongxing/domain";
import { sm2PublicKey } from "@tongxing/pki";
import { ADJUDICATOR_CASES } from "../kit/adjudicator-cases.js";
import type { KitCase } from "../kit/case-outcome.js";
import { ExitCode, exitCodeOf, summaryOf, type KitReport } from "../kit/kit-report.js";
import { casesVerifying } from "../kit/case-catalogue.js";
import { loadRequirements } from "../kit/requirement-table.js";
import { renderRequirementsMarkdown } from "../kit/requirements-markdown.js";
import { runAdjudicator } from "../kit/run-adjudicator.js";
import { SelectionError } from "../kit/run-cases.js";
import { runSubmitter } from "../kit/run-submitter.js";
import { runValidate } from "../kit/run-validate.js";
import { signRequest } from "../kit/sign-request.js";
import { SUBMITTER_CASES } from "../kit/submitter-cases.js";
import { writeReports } from "../report/write-reports.js";
import { parseCli, USAGE, UsageError } from "./parse-cli.js";

/** Where the CLI writes: progress and results to `out`, problems to `err`. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

function listCases(cases: readonly KitCase<never>[], io: CliIo): ExitCode {
  for (const c of cases) io.out(`${c.id.padEnd(26)} ${c.requirements.join(",").padEnd(48)} ${c.title}`);
  return ExitCode.PASSED;
}

function finish(report: KitReport, reportDir: string, io: CliIo): ExitCode {
  const files = writeReports(report, reportDir);
  const s = summaryOf(report);
  const code = exitCodeOf(report);
  io.out(`${s.passed}/${s.total} cases passed; ${code === ExitCode.PASSED ? "every SHALL requirement met" : "some SHALL requirement not met"}`);
  io.out(`reports: ${files.join(", ")}`);
  return code;
}

/** Runs one command line; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const cmd = parseCli(argv);
    switch (cmd.mode) {
      case "help":
        io.out(USAGE);
        return ExitCode.PASSED;
      case "requirements":
        io.out(renderRequirementsMarkdown(loadRequirements(), casesVerifying));
        return ExitCode.PASSED;
      case "validate":
        return finish(runValidate(cmd.dialect, cmd.files, io.out), cmd.reportDir, io);
      case "sign": {
        let signed;
        try {
          signed = signRequest(cmd.request);
        } catch (err) {
          if (err instanceof Error && "code" in err && (err.code === "ENOENT" || err.code === "EACCES")) throw err;
          throw new UsageError(`--key ${cmd.request.privateKeyPath}: ${err instanceof Error ? err.message : String(err)}`);
        }
        for (const [k, v] of Object.entries(signed.headers)) io.out(`${k}: ${v}`);
        return ExitCode.PASSED;
      }
      case "adjudicator":
      case "submitter": {
        if (cmd.list) return listCases((cmd.mode === "adjudicator" ? ADJUDICATOR_CASES : SUBMITTER_CASES) as readonly KitCase<never>[], io);
        const common = {
          tls: cmd.tls,
          listen: cmd.listen,
          connectWaitMs: cmd.connectWaitMs,
          selection: cmd.selection,
          progress: io.out,
          onListening: (address: string) => io.out(`${cmd.mode}: listening on ${address}${"insecure" in cmd.tls ? " (plaintext)" : " (mutual TLS)"}; connect your platform`),
        };
        const run =
          cmd.mode === "adjudicator"
            ? await runAdjudicator({
                ...common,
                settings: {
                  ...(cmd.answerDeadlineMs === undefined ? {} : { answerDeadlineMs: cmd.answerDeadlineMs }),
                  ...(cmd.insuplcAdmdvs === undefined ? {} : { insuplcAdmdvs: cmd.insuplcAdmdvs }),
                  dialect: cmd.dialect ?? "canonical",
                  ...(cmd.platformKeyPath === undefined ? {} : { platformKey: platformKeyOf(cmd.platformKeyPath) }),
                },
              })
            : await runSubmitter({ ...common, dialect: cmd.dialect ?? "nhsa-json" });
        if (!run.connected) {
          writeReports(run.report, cmd.reportDir);
          io.err(`the platform never connected within ${cmd.connectWaitMs} ms`);
          return ExitCode.NEVER_CONNECTED;
        }
        return finish(run.report, cmd.reportDir, io);
      }
      default: {
        const unknown: never = cmd;
        throw new UsageError(`unknown command ${String(unknown)}`);
      }
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof SelectionError || isInvalidInputError(err)) {
      io.err(`tongxing-conformance: ${err.message}\n\n${USAGE}`);
      return ExitCode.USAGE;
    }
    if (err instanceof Error && "code" in err && (err.code === "ENOENT" || err.code === "EACCES")) {
      io.err(`tongxing-conformance: ${err.message}`);
      return ExitCode.USAGE;
    }
    throw err;
  }
}

/** The platform's public key from `--platform-key`; a file that holds none is a usage error. */
function platformKeyOf(path: string): KeyObject {
  const pem = readFileSync(path, "utf8");
  try {
    return sm2PublicKey(pem);
  } catch {
    throw new UsageError(`--platform-key: ${path} holds no SM2 public key (PEM, "BEGIN PUBLIC KEY")`);
  }
}
