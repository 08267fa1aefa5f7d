import { parseArgs } from "node:util";
import type { KitTls } from "../kit/kit-credentials.js";
import type { CaseSelection } from "../kit/run-cases.js";
import type { SignRequestInput } from "../kit/sign-request.js";

/** A command line the CLI could not use: exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `usage: tongxing-conformance <mode> [options]

modes
  validate --dialect D FILE...     check single messages offline (SUB-01, SUB-02)
  adjudicator                      play the hub's ProvinceLink; your platform connects to the kit
  submitter                        play the hub's ClaimGateway; your client submits claims to the kit
  requirements                     print the requirement table (Markdown) with the cases verifying each
  sign --platform ID --key KEY.pem --key-id ID [--rpc SubmitClaim|SettleClaim] [--dialect D]
       [--idempotency-key K] FILE  print the x-tongxing-key-id / x-tongxing-signature headers (SM2) for
                                   that request, for a platform whose routing entry requires signatures

options (adjudicator, submitter)
  --listen HOST:PORT               address to serve (default 127.0.0.1:50061 / 127.0.0.1:50051)
  --ca FILE --cert FILE --key FILE mutual TLS: the CA that issued your platform's certificate, the kit's certificate and key
  --insecure                       plaintext instead (the platform names itself with x-tongxing-platform)
  --case ID                        run only this case (repeatable)
  --requirement ID                 run only the cases verifying this requirement (repeatable)
  --connect-wait-ms N              how long to wait for your platform to connect (default 60000)
  --answer-deadline-ms N           adjudicator: the answer deadline of ADJ-08 (default 3000)
  --insuplc-admdvs CODE            adjudicator: your platform's region, put in scripted claims (default 320100)
  --platform-key FILE              adjudicator: your platform's SM2 public key (PEM) as registered with the hub, when
                                   your routing entry requires signatures: your link replies must verify with it (SIG-01)
  --dialect D                      your routing-table dialect: adjudicator renders claims in it (when your Hello asks)
                                   and decodes replies sent as payload bytes (default canonical); submitter names it in
                                   the report (default nhsa-json; each request names its own)
  --report-dir DIR                 where report.json, report.junit.xml, report.html, transcript.jsonl go (default conformance-report)
  --list                           list the mode's cases and the requirements they verify, run nothing

exit codes: 0 every SHALL requirement met, 1 some not, 2 usage error, 3 the platform never connected`;

/** What the command line asks for. */
export type CliCommand =
  | { readonly mode: "help" }
  | { readonly mode: "requirements" }
  | { readonly mode: "validate"; readonly dialect: string; readonly files: readonly string[]; readonly reportDir: string }
  | { readonly mode: "sign"; readonly request: SignRequestInput }
  | {
      readonly mode: "adjudicator" | "submitter";
      readonly tls: KitTls;
      readonly listen: string;
      readonly selection: CaseSelection;
      readonly connectWaitMs: number;
      readonly answerDeadlineMs?: number;
      readonly insuplcAdmdvs?: string;
      readonly dialect?: string;
      /** adjudicator: the platform's SM2 public key (PEM), when its routing entry requires signatures. */
      readonly platformKeyPath?: string;
      readonly reportDir: string;
      readonly list: boolean;
    };

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

/** Parses the CLI's arguments (after the program name); UsageError on anything it cannot use. */
export function parseCli(argv: readonly string[]): CliCommand {
  const [mode, ...rest] = argv;
  if (mode === undefined || mode === "--help" || mode === "-h" || mode === "help") return { mode: "help" };
  if (mode === "requirements" && rest.length === 0) return { mode: "requirements" };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        dialect: { type: "string" },
        listen: { type: "string" },
        ca: { type: "string" },
        cert: { type: "string" },
        key: { type: "string" },
        insecure: { type: "boolean" },
        case: { type: "string", multiple: true },
        requirement: { type: "string", multiple: true },
        "connect-wait-ms": { type: "string" },
        "answer-deadline-ms": { type: "string" },
        "insuplc-admdvs": { type: "string" },
        "report-dir": { type: "string" },
        list: { type: "boolean" },
        platform: { type: "string" },
        "key-id": { type: "string" },
        rpc: { type: "string" },
        "idempotency-key": { type: "string" },
        "platform-key": { type: "string" },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const reportDir = v["report-dir"] ?? "conformance-report";
  if (mode === "validate") {
    if (v.dialect === undefined) throw new UsageError("validate needs --dialect");
    if (parsed.positionals.length === 0) throw new UsageError("validate needs at least one FILE");
    return { mode, dialect: v.dialect, files: parsed.positionals, reportDir };
  }
  if (mode === "sign") {
    const [file, ...extra] = parsed.positionals;
    if (v.platform === undefined || v.key === undefined || v["key-id"] === undefined || file === undefined) throw new UsageError("sign needs --platform, --key, --key-id and the payload FILE");
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ""}"`);
    const rpc = v.rpc ?? "SettleClaim";
    if (rpc !== "SubmitClaim" && rpc !== "SettleClaim") throw new UsageError(`--rpc must be SubmitClaim or SettleClaim, got "${rpc}"`);
    return { mode, request: { platform: v.platform, keyId: v["key-id"], privateKeyPath: v.key, rpc, dialect: v.dialect ?? "nhsa-json", idempotencyKey: v["idempotency-key"] ?? "", payloadPath: file } };
  }
  if (mode !== "adjudicator" && mode !== "submitter") throw new UsageError(`unknown mode "${mode}"`);
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0] ?? ""}"`);
  const anyTls = v.ca !== undefined || v.cert !== undefined || v.key !== undefined;
  let tls: KitTls;
  if (v.insecure === true) {
    if (anyTls) throw new UsageError("--insecure contradicts --ca/--cert/--key");
    tls = { insecure: true };
  } else if (v.ca !== undefined && v.cert !== undefined && v.key !== undefined) {
    tls = { caPath: v.ca, certPath: v.cert, keyPath: v.key };
  } else if (v.list === true) {
    tls = { insecure: true };
  } else {
    throw new UsageError("give --ca, --cert and --key (mutual TLS, as the hub), or --insecure for plaintext");
  }
  const answerDeadlineMs = positiveInt("answer-deadline-ms", v["answer-deadline-ms"]);
  const admdvs = v["insuplc-admdvs"];
  if (admdvs !== undefined && !/^\d{6}$/.test(admdvs)) throw new UsageError("--insuplc-admdvs must be 6 digits");
  return {
    mode,
    tls,
    listen: v.listen ?? (mode === "adjudicator" ? "127.0.0.1:50061" : "127.0.0.1:50051"),
    selection: { caseIds: v.case ?? [], requirementIds: v.requirement ?? [] },
    connectWaitMs: positiveInt("connect-wait-ms", v["connect-wait-ms"]) ?? 60_000,
    ...(answerDeadlineMs === undefined ? {} : { answerDeadlineMs }),
    ...(admdvs === undefined ? {} : { insuplcAdmdvs: admdvs }),
    ...(v.dialect === undefined ? {} : { dialect: v.dialect }),
    ...(v["platform-key"] === undefined ? {} : { platformKeyPath: v["platform-key"] }),
    reportDir,
    list: v.list === true,
  };
}
