import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { statusName } from "@tongxing/lifecycle";
import type { ClaimRecord } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
import type { SettleDeps } from "../settle-deps.js";
import { decideHeldClaim, ReviewError } from "./decide-held-claim.js";

/**
 * Development-mode identity of the regulator calling the API (an SSO identity later);
 * percent-encoded UTF-8 is accepted, so names need not be ASCII.
 */
export const REGULATOR_HEADER = "x-regulator";
const MAX_BODY_BYTES = 64 * 1024;
const CLAIM_PATH = /^\/api\/v1\/claims\/(C[0-9a-f]{24})(\/decision)?$/;

/** What regulators see of a claim: amounts as integer fen text, personal identifiers masked. */
function view(record: ClaimRecord) {
  const c = record.claim;
  return {
    claim_id: record.claimId,
    status: statusName(record.status),
    insuplc_admdvs: c?.insuplcAdmdvs ?? "",
    mdtrtarea_admvs: c?.mdtrtareaAdmvs ?? "",
    fixmedins_code: c?.fixmedinsCode ?? "",
    psn_no: maskIdNumber(c?.person?.psnNo ?? ""),
    psn_name: maskName(c?.person?.psnName ?? ""),
    medfee_sumamt_fen: (record.adjudication?.medfeeSumamt ?? c?.totals?.medfeeSumamt ?? 0n).toString(),
    fund_pay_sumamt_fen: (record.adjudication?.fundPaySumamt ?? 0n).toString(),
    findings: (record.verdict?.findings ?? []).map((f) => ({ rule_id: f.ruleId, message: f.message, expected: f.expected, actual: f.actual })),
    review: record.review === undefined ? null : { reviewer: record.review.reviewer, reason: record.review.reason, decided_at: record.review.decidedAt },
    events: record.events.map((e) => ({ status: statusName(e.status), actor: e.actor, detail: e.actor === "regulator" ? e.detail : e.detail.slice(0, 80), at: e.at === undefined ? "" : timestampDate(e.at).toISOString() })),
  };
}

function decodeHeader(value: string | string[] | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const text = decodeURIComponent(value).trim();
    return text === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new RangeError(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function getRecord(deps: SettleDeps, claimId: string): Promise<ClaimRecord | undefined> {
  return (await deps.store.read(claimId))?.record;
}

/**
 * The regulators' HTTP/JSON API:
 *   GET  /api/v1/review-queue             claims held for review
 *   GET  /api/v1/claims/{id}              one claim (masked), with its findings and history
 *   POST /api/v1/claims/{id}/decision     {"decision":"approve"|"reject","reason":"…"} with x-regulator
 */
export function createRegulatorApi(deps: SettleDeps): Server {
  return createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (req.method === "GET" && url.pathname === "/api/v1/review-queue") {
          const ids = await deps.store.heldClaimIds();
          const records = (await Promise.all(ids.slice(0, 500).map((id) => getRecord(deps, id)))).filter((r): r is ClaimRecord => r !== undefined);
          return send(res, 200, { held: records.map(view), total: ids.length });
        }
        const m = CLAIM_PATH.exec(url.pathname);
        const claimId = m?.[1];
        if (claimId !== undefined && m?.[2] === undefined && req.method === "GET") {
          const record = await getRecord(deps, claimId);
          return record === undefined ? send(res, 404, { error: `claim ${claimId} not found` }) : send(res, 200, view(record));
        }
        if (claimId !== undefined && m?.[2] !== undefined && req.method === "POST") {
          const reviewer = decodeHeader(req.headers[REGULATOR_HEADER]);
          if (reviewer === undefined) return send(res, 401, { error: `header ${REGULATOR_HEADER} (who decides, percent-encoded UTF-8) is required` });
          let body: { decision?: unknown; reason?: unknown };
          try {
            body = (await readJson(req)) as typeof body;
          } catch (err) {
            return send(res, 400, { error: "body must be JSON", field_violations: [{ field: "body", description: err instanceof Error ? err.message : "unreadable" }] });
          }
          const problems = [];
          if (body?.decision !== "approve" && body?.decision !== "reject") problems.push({ field: "decision", description: 'must be "approve" or "reject"' });
          if (typeof body?.reason !== "string" || body.reason.trim() === "" || body.reason.length > 1000) problems.push({ field: "reason", description: "is required (1–1000 characters)" });
          if (problems.length > 0) return send(res, 400, { error: "invalid decision", field_violations: problems });
          const record = await decideHeldClaim(deps, { claimId, reviewer: reviewer.trim().slice(0, 100), approve: body.decision === "approve", reason: String(body.reason) });
          return send(res, 200, view(record));
        }
        return send(res, 404, { error: "no such endpoint" });
      } catch (err) {
        if (err instanceof ReviewError) return send(res, err.status, { error: err.message });
        deps.log.error({ err }, "regulator API failed");
        return send(res, 500, { error: "internal error; the hub logged the cause" });
      }
    })();
  });
}
