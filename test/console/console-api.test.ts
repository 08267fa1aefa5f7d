// The console's JSON API: accounts (scrypt in the console bucket), cookie sessions with CSRF,
// bearer tokens, rate-limited sign-in, roles and provincial scope, four-eyes approval and
// audited unmasking — against a real hub.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, Streams } from "@tongxing/nats";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AuditBlockSchema, ClaimStatus, type ClaimEvent } from "@tongxing/proto";
import { clearingPeriod, createAccountStore, createSessionStore, openConsoleBucket, openSessionBucket, passwordStamp } from "@tongxing/auditor";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "zhao", displayName: "赵审核", role: "reviewer", scope: "national", password: "zhao-secret-pw" },
    { user: "qian", displayName: "钱审核", role: "reviewer", scope: "national" },
    { user: "sun", role: "viewer", scope: "national" },
    { user: "gd", role: "reviewer", scope: "44" },
    { user: "js", role: "viewer", scope: "32" },
    { user: "aud", role: "auditor", scope: "national" },
    { user: "insp", role: "inspector", scope: "national" },
  ]);
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(hub.regulatorApiUrl, path, init);

async function chainEvents(claimId: string): Promise<ClaimEvent[]> {
  const nc = await connectNats({ servers: hub.nats.url, name: "test-chain" });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(Streams.AUDIT_CHAIN);
    const out: ClaimEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { seq });
      if (m !== null) out.push(...fromBinary(AuditBlockSchema, m.data).events.filter((e) => e.claimId === claimId));
    }
    return out;
  } finally {
    await nc.close();
  }
}

test("sign-in: a session cookie (HttpOnly, SameSite) and a CSRF token; wrong passwords are rate-limited", async () => {
  assert.equal((await api("/api/v1/session")).status, 401, "anonymous");
  assert.equal((await api("/api/v1/session", { method: "POST", body: { user: "zhao", password: "wrong-password" } })).status, 401);
  const ok = await api("/api/v1/session", { method: "POST", body: { user: "zhao", password: "zhao-secret-pw" } });
  assert.equal(ok.status, 200);
  const setCookie = ok.headers.get("set-cookie") ?? "";
  assert.match(setCookie, /^tx_session=[^;]+;/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const cookie = setCookie.split(";")[0] ?? "";
  const csrf = String(ok.json.csrf_token);
  assert.equal(ok.json.role, "reviewer");
  assert.equal((await api("/api/v1/session", { cookie })).json.user, "zhao");
  assert.equal((await api("/api/v1/review-queue", { cookie })).status, 200);

  const held = await shandong.settle(heldClaim(10, "21000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const body = { decision: "reject", reason: "no referral" };
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", cookie, body })).status, 403, "no CSRF token");
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", cookie, csrf: "forged", body })).status, 403, "wrong CSRF token");
  const crossOrigin = await fetch(`${hub.regulatorApiUrl}/api/v1/claims/${held.claimId}/decision`, { method: "POST", headers: { cookie, "x-csrf-token": csrf, origin: "http://evil.example", "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(crossOrigin.status, 403, "another origin, even with the token");
  const crossSignIn = await fetch(`${hub.regulatorApiUrl}/api/v1/session`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/json" }, body: JSON.stringify({ user: "zhao", password: "zhao-secret-pw" }) });
  assert.equal(crossSignIn.status, 403, "no sign-in from another origin");
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", cookie, csrf, body })).json.status, "REJECTED");

  assert.equal((await api("/api/v1/session", { method: "DELETE", cookie, csrf })).status, 200);
  assert.equal((await api("/api/v1/review-queue", { cookie })).status, 401, "signed out");
  assert.equal((await api("/api/v1/review-queue", { token: "txc_not-a-real-token-000000000000000000000000" })).status, 401);

  for (let i = 0; i < 4; i++) assert.equal((await api("/api/v1/session", { method: "POST", body: { user: "zhao", password: `guess-${i}` } })).status, 401);
  const limited = await api("/api/v1/session", { method: "POST", body: { user: "zhao", password: "zhao-secret-pw" } });
  assert.equal(limited.status, 429, "after 5 failures even the right password waits");
  assert.ok(Number(limited.headers.get("retry-after")) > 0);
});

test("a viewer cannot decide; a provincial account sees only claims its province treated or insures", async () => {
  const held = await shandong.settle(heldClaim(11, "22000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.sun, body: { decision: "approve", reason: "ok" } })).status, 403);
  assert.equal((await api(`/api/v1/claims/${held.claimId}`, { token: tokens.gd })).status, 404, "Guangdong neither treated nor insures it");
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.gd, body: { decision: "approve", reason: "ok" } })).status, 404);
  assert.ok(!((await api("/api/v1/review-queue", { token: tokens.gd })).json.held as { claim_id: string }[]).some((c) => c.claim_id === held.claimId));
  assert.equal((await api(`/api/v1/claims/${held.claimId}`, { token: tokens.js })).status, 200, "Jiangsu insures it");
  assert.ok(((await api("/api/v1/review-queue", { token: tokens.js })).json.held as { claim_id: string }[]).some((c) => c.claim_id === held.claimId));
});

test("four eyes: above the amount a second, different reviewer confirms; both approvals are in the audit chain", async () => {
  const held = await shandong.settle(heldClaim(12, "60000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const first = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.zhao, body: { decision: "approve", reason: "documented" } });
  assert.equal(first.status, 202);
  assert.equal((first.json.pending_approval as { user: string }).user, "zhao");
  assert.equal((await shandong.get(held.claimId)).record?.status, ClaimStatus.HELD, "still held after one approval");
  const queued = ((await api("/api/v1/review-queue", { token: tokens.qian })).json.held as { claim_id: string; pending_approval: { user: string } | null; age_ms: number }[]).find((c) => c.claim_id === held.claimId);
  assert.equal(queued?.pending_approval?.user, "zhao");
  assert.ok((queued?.age_ms ?? -1) >= 0);
  const self = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.zhao, body: { decision: "approve", reason: "again" } });
  assert.equal(self.status, 409, "the same reviewer cannot confirm");
  const second = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.qian, body: { decision: "approve", reason: "confirmed" } });
  assert.equal(second.status, 200);
  assert.equal(second.json.status, "SETTLED");
  assert.equal((await shandong.get(held.claimId)).record?.status, ClaimStatus.SETTLED, "the claim moved on at once");
  const events = await chainEvents(held.claimId);
  assert.ok(events.some((e) => e.status === ClaimStatus.HELD && e.actor === "regulator" && e.detail.startsWith("赵审核 (zhao): first approval")), "first approval chained");
  assert.ok(events.some((e) => e.status === ClaimStatus.APPROVED && e.detail.startsWith("钱审核 (qian), confirming 赵审核 (zhao)")), "confirmation chained");
});

test("only the auditor role unmasks personal identifiers, and each unmask is written to the audit chain", async () => {
  const held = await shandong.settle(heldClaim(13, "23000.00"));
  const masked = await api(`/api/v1/claims/${held.claimId}`, { token: tokens.aud });
  assert.match(String(masked.json.psn_no), /\*/);
  assert.equal((await api(`/api/v1/claims/${held.claimId}?unmask=1`, { token: tokens.zhao })).status, 403);
  const open = await api(`/api/v1/claims/${held.claimId}?unmask=1`, { token: tokens.aud });
  assert.equal(open.status, 200);
  assert.doesNotMatch(String(open.json.psn_no), /\*/);
  assert.ok((await chainEvents(held.claimId)).some((e) => e.detail === "aud (aud): unmasked personal identifiers"));
});

test("the overview: live figures aggregated on the server, platform tiles from the links, pushed as server-sent events", async () => {
  for (let i = 0; i < 5; i++) assert.equal((await shandong.settle(heldClaim(30 + i, "100.00"))).status, ClaimStatus.SETTLED);
  const overview = await api("/api/v1/overview", { token: tokens.sun });
  assert.equal(overview.status, 200);
  const figures = overview.json.figures as { counts: { SETTLED: number }; ratePerS: { SETTLED: number }; p50Ms: { SETTLED: number | null } };
  assert.ok(figures.counts.SETTLED >= 5, `counted ${figures.counts.SETTLED}`);
  assert.ok(figures.ratePerS.SETTLED > 0);
  assert.ok(figures.p50Ms.SETTLED !== null && figures.p50Ms.SETTLED > 0);
  const tiles = overview.json.platforms as { id: string; link: string; backlog: number | null }[];
  assert.equal(tiles.find((t) => t.id === "37")?.link, "up", "Shandong's simulated platform is linked");
  assert.equal(tiles.find((t) => t.id === "44")?.link, "unknown", "Guangdong never connected: unknown, not down");
  assert.equal(tiles.find((t) => t.id === "37")?.backlog, 0);
  assert.deepEqual(((await api("/api/v1/overview", { token: tokens.js })).json.platforms as { id: string }[]).map((t) => t.id), ["32"], "a province sees its own tile");

  const controller = new AbortController();
  const res = await fetch(`${hub.regulatorApiUrl}/api/v1/overview/stream`, { headers: { authorization: `Bearer ${tokens.sun}` }, signal: controller.signal });
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const reader = res.body?.getReader();
  assert.ok(reader);
  let text = "";
  while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  assert.match(text, /^event: overview\ndata: \{/);
  assert.ok((JSON.parse(text.split("data: ")[1] ?? "{}") as { figures: { counts: { SETTLED: number } } }).figures.counts.SETTLED >= 5);
  assert.equal((await api("/api/v1/overview/stream")).status, 401);
});

test("flows, clearing and spot checks from the ledger: a cell drills to its claims; a draw redrawn with its seed gives the same sample", async () => {
  const settled: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await shandong.settle(heldClaim(40 + i, "200.00"));
    assert.equal(r.status, ClaimStatus.SETTLED);
    settled.push(r.claimId);
  }
  const period = clearingPeriod(Date.now());
  const flows = await api(`/api/v1/flows?period=${period}`, { token: tokens.sun });
  assert.equal(flows.status, 200);
  const cell = (flows.json.cells as { treated: string; insured: string; count: number; medfee_fen: string }[]).find((c) => c.treated === "37" && c.insured === "32");
  assert.ok(cell && cell.count >= 4, JSON.stringify(flows.json));
  assert.equal((await api(`/api/v1/flows?period=${period}`, { token: tokens.gd })).json.cells?.toString(), "", "Guangdong is in no cell");
  const drill = await api(`/api/v1/flows/claims?period=${period}&treated=37&insured=32`, { token: tokens.sun });
  const drilled = (drill.json.claims as { claim_id: string; medfee_fen: string }[]);
  assert.equal(drilled.length, cell.count);
  assert.equal(drilled.reduce((s, c) => s + BigInt(c.medfee_fen), 0n).toString(), cell.medfee_fen, "the cell's amount is its claims' sum, in fen");
  for (const id of settled) assert.ok(drilled.some((c) => c.claim_id === id));

  const clearing = await api(`/api/v1/clearing/${period}`, { token: tokens.sun });
  assert.equal(clearing.json.closed, "no");
  assert.ok((clearing.json.pairs as { a: string; b: string }[]).some((p) => p.a === "32" && p.b === "37"));
  const csv = await fetch(`${hub.regulatorApiUrl}/api/v1/clearing/${period}?format=csv`, { headers: { authorization: `Bearer ${tokens.sun}` } });
  assert.match(csv.headers.get("content-disposition") ?? "", /clearing-\d{6}\.csv/);
  assert.match(await csv.text(), /^period,a,b,[^\n]*\n\d{6},32,37,/);

  const body = { province: "37", period, sample_size: 3, roster: ["张检", "李检", "王检", "赵检"], seed: "test-seed-0001" };
  assert.equal((await api("/api/v1/spot-checks", { method: "POST", token: tokens.sun, body })).status, 403, "viewers do not draw");
  const drawn = await api("/api/v1/spot-checks", { method: "POST", token: tokens.insp, body });
  assert.equal(drawn.status, 201);
  const draw = drawn.json.draw as { seed: string; algorithm: string; candidatesSha256: string; candidateCount: number; sample: string[]; inspectors: string[] };
  assert.equal(draw.seed, "test-seed-0001");
  assert.equal(draw.algorithm, "sha256-rank/1");
  assert.match(draw.candidatesSha256, /^[0-9a-f]{64}$/);
  assert.ok(draw.candidateCount >= 4);
  assert.equal(draw.sample.length, 3);
  assert.equal(draw.inspectors.length, 2);
  const redraw = await api(`/api/v1/spot-checks/${String(drawn.json.id)}/redraw`, { method: "POST", token: tokens.sun });
  assert.equal(redraw.json.same_candidates, true);
  assert.equal(redraw.json.same_sample, true);
  assert.deepEqual((redraw.json.draw as { sample: string[] }).sample, draw.sample);
  const again = await api("/api/v1/spot-checks", { method: "POST", token: tokens.insp, body });
  assert.deepEqual((again.json.draw as { sample: string[]; inspectors: string[] }).sample, draw.sample, "a new draw with the published seed is the same sample");
  assert.deepEqual((again.json.draw as { inspectors: string[] }).inspectors, draw.inspectors);
  const other = await api("/api/v1/spot-checks", { method: "POST", token: tokens.insp, body: { ...body, seed: "another-seed-02" } });
  assert.equal((other.json.draw as { candidatesSha256: string }).candidatesSha256, draw.candidatesSha256);
  const sampled = draw.sample[0] ?? "";
  const recorded = await api(`/api/v1/spot-checks/${String(drawn.json.id)}/results`, { method: "POST", token: tokens.insp, body: { claim_id: sampled, result: "病历与收费一致" } });
  assert.equal((recorded.json.results as Record<string, { result: string }>)[sampled]?.result, "病历与收费一致");
  assert.equal((await api(`/api/v1/spot-checks/${String(drawn.json.id)}/results`, { method: "POST", token: tokens.insp, body: { claim_id: "C000000000000000000000000", result: "x" } })).status, 400);
  assert.equal((await api(`/api/v1/spot-checks/${String(drawn.json.id)}`, { token: tokens.gd })).status, 404, "another province's draw is not visible");
  const published = (await api("/api/v1/spot-checks", { token: tokens.sun })).json.spot_checks as { id: string; draw: { seed: string }; results: Record<string, { result: string }> }[];
  assert.equal(published.length, 3, "the published list holds every draw");
  assert.equal(published.find((c) => c.id === drawn.json.id)?.results[sampled]?.result, "病历与收费一致");
  assert.deepEqual((await api("/api/v1/spot-checks", { token: tokens.gd })).json.spot_checks, [], "Guangdong's list: none of Shandong's");
});

test("claims search: filters and server-side paging, within the caller's scope", async () => {
  const held = await shandong.settle(heldClaim(50, "24000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const byStatus = await api("/api/v1/claims?status=HELD&treated=37&insured=32&rule=R1&min_fen=2400000&max_fen=2400000", { token: tokens.sun });
  assert.equal(byStatus.status, 200);
  assert.deepEqual((byStatus.json.claims as { claim_id: string }[]).map((c) => c.claim_id), [held.claimId], "only the 24,000.00 yuan held claim fits");
  const all = await api("/api/v1/claims?treated=37&page_size=200", { token: tokens.sun });
  const total = Number(all.json.total);
  assert.ok(total >= 10, `total ${total}`);
  const page1 = (await api("/api/v1/claims?treated=37&page_size=3&page=1", { token: tokens.sun })).json;
  const page2 = (await api("/api/v1/claims?treated=37&page_size=3&page=2", { token: tokens.sun })).json;
  assert.equal(page1.total, total);
  assert.equal((page1.claims as unknown[]).length, 3);
  const ids1 = (page1.claims as { claim_id: string }[]).map((c) => c.claim_id);
  const ids2 = (page2.claims as { claim_id: string }[]).map((c) => c.claim_id);
  assert.ok(ids2.every((id) => !ids1.includes(id)), "pages do not overlap");
  assert.deepEqual([...ids1, ...ids2], (all.json.claims as { claim_id: string }[]).slice(0, 6).map((c) => c.claim_id), "newest first, the same order paged or not");
  assert.equal((await api("/api/v1/claims", { token: tokens.gd })).json.total, 0, "Guangdong sees none of them");
  const bad = await api("/api/v1/claims?min_fen=1.5&page=0", { token: tokens.sun });
  assert.equal(bad.status, 400);
  assert.deepEqual((bad.json.field_violations as { field: string }[]).map((v) => v.field).sort(), ["min_fen", "page"]);
});

test("rules: the catalogue with hit counts, holds and how often reviewers overturned a hold", async () => {
  const rules = await api("/api/v1/rules", { token: tokens.sun });
  assert.equal(rules.status, 200);
  const list = rules.json.rules as { rule_id: string; severity: string; hits: number; holds: number; decided: number; overturned: number; overturn_rate: number | null }[];
  assert.ok(list.length >= 15, "every rule of the catalogue, hit or not");
  const r1 = list.find((r) => r.rule_id === "R1");
  // This file held claims 10 (rejected), 11, 12 (approved by two reviewers), 13 and 50.
  assert.deepEqual({ hits: r1?.hits, holds: r1?.holds, decided: r1?.decided, overturned: r1?.overturned, rate: r1?.overturn_rate }, { hits: 5, holds: 5, decided: 2, overturned: 1, rate: 0.5 });
  assert.equal(r1?.severity, "WARNING");
  assert.equal(list.find((r) => r.rule_id === "I1")?.hits, 0);
  assert.equal(((await api("/api/v1/rules", { token: tokens.gd })).json.rules as { rule_id: string; hits: number }[]).find((r) => r.rule_id === "R1")?.hits, 0, "Guangdong's scope has no such claims");
});

test("npm run accounts revoke-token and disable: the token, then the account's open session, stop signing in within moments", async () => {
  const { execFile } = await import("node:child_process");
  const accounts = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "services/auditor/src/console/accounts-main.ts", ...args, "--nats", hub.nats.url], (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, out: stdout + stderr }));
    });
  const until = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const { leaver: token = "" } = await createAccounts(hub.nats.url, [{ user: "leaver", role: "viewer", scope: "national", password: "leaver-password-1" }]);
  // A browser session opened as the console's sign-in does (an earlier test spent this address's
  // sign-in attempts on purpose: the rate limit would answer 429).
  const nc = await connectNats({ servers: hub.nats.url, name: "test-leaver-session" });
  const leaver = await createAccountStore(await openConsoleBucket(nc)).get("leaver");
  assert.ok(leaver !== undefined);
  const session = await createSessionStore(await openSessionBucket(nc)).open({ user: "leaver", displayName: "leaver", role: "viewer", scope: "national" }, passwordStamp(leaver.passwordHash));
  const cookie = `tx_session=${session.id}`;
  await until("the session signs in", async () => (await api("/api/v1/session", { cookie })).status === 200);
  await until("the new account's token signs in", async () => (await api("/api/v1/session", { token })).status === 200);

  const revoked = await accounts("revoke-token", "--token", token);
  assert.equal(revoked.code, 0, revoked.out);
  await until("the revoked token is refused", async () => (await api("/api/v1/overview", { token })).status === 401);
  assert.equal((await accounts("revoke-token", "--token", token)).code, 1, "a second revoke: no such token");
  assert.equal((await api("/api/v1/session", { cookie })).status, 200, "the account's session still works");

  const disabled = await accounts("disable", "--user", "leaver");
  assert.equal(disabled.code, 0, disabled.out);
  await until("the disabled account's open session is refused", async () => (await api("/api/v1/overview", { cookie })).status === 401);
  const again = await api("/api/v1/session", { cookie });
  assert.equal(again.status, 401);
  assert.match(String(again.json.error), /disabled/);
  assert.equal(await createAccountStore(await openConsoleBucket(nc)).signIn("leaver", "leaver-password-1"), undefined, "nor does its password");
  assert.equal((await accounts("disable", "--user", "leaver")).code, 1, "no account to disable");
  await nc.close();
});
