// The console's answers to hostile or careless requests: security headers on pages and API
// answers, query parameters and bodies of the wrong shape (400 naming the parameter, never a
// 500), oversized headers and bodies, malformed bearer tokens, and paths that try to climb out
// of the static folders.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "./console-client.js";

let hub: TestHub;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  tokens = await createAccounts(hub.nats.url, [{ user: "qin", role: "reviewer", scope: "national", password: "qin-password-1" }]);
});

after(async () => {
  await hub?.stop();
});

const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(hub.regulatorApiUrl, path, init);

/** A GET with the path sent exactly as given (fetch would resolve `..` before sending). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(hub.regulatorApiUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the page's CSP forbids inline scripts, <base>, foreign form targets and framing; API answers are never cached", async () => {
  const page = await fetch(`${hub.regulatorApiUrl}/console/`);
  assert.equal(page.status, 200);
  const csp = new Map((page.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([k = "", ...v]) => [k, v.join(" ")]));
  assert.equal(csp.get("default-src"), "'self'");
  assert.equal(csp.get("script-src"), undefined, "scripts fall back to default-src 'self': no inline code");
  assert.equal(csp.get("base-uri"), "'none'");
  assert.equal(csp.get("form-action"), "'self'");
  assert.equal(csp.get("frame-ancestors"), "'none'");
  assert.equal(csp.get("object-src"), "'none'");
  assert.equal(page.headers.get("x-frame-options"), "DENY");
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  for (const path of ["/api/v1/session", "/api/v1/review-queue", "/api/v1/claims"]) {
    const r = await api(path, { token: tokens.qin });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("cache-control"), "no-store", path);
  }
  assert.equal((await api("/api/v1/claims")).headers.get("cache-control"), "no-store", "a refusal too");
});

test("query parameters of the wrong type or range answer 400 naming the parameter", async () => {
  const cases: [string, string[]][] = [
    ["/api/v1/claims?page=abc", ["page"]],
    ["/api/v1/claims?page=0&page_size=100000", ["page", "page_size"]],
    ["/api/v1/claims?page=-1", ["page"]],
    ["/api/v1/claims?page=1&page=2", ["page"]],
    ["/api/v1/claims?min_fen=-5&max_fen=1e3", ["max_fen", "min_fen"]],
    ["/api/v1/claims?from=2026-13-45", ["from"]],
    ["/api/v1/claims?from=2026-02-30&to=2026-01-01T25:61:00Z", ["from", "to"]],
    ["/api/v1/claims?to=yesterday", ["to"]],
    ["/api/v1/claims?status=%3Cimg%3E&treated=3&institution=a%20b&rule=r1", ["institution", "rule", "status", "treated"]],
  ];
  for (const [path, fields] of cases) {
    const r = await api(path, { token: tokens.qin });
    assert.equal(r.status, 400, path);
    assert.deepEqual((r.json.field_violations as { field: string }[]).map((v) => v.field).sort(), fields, path);
  }
  assert.equal((await api("/api/v1/claims?from=2026-02-28&to=2026-03-01T00:00:00%2B08:00", { token: tokens.qin })).status, 200, "real dates pass");
  for (const [path, name] of [
    ["/api/v1/flows", "period"],
    ["/api/v1/flows?period=202613", "period"],
    ["/api/v1/flows?period=202601&period=202602", "period"],
    ["/api/v1/flows/claims?period=202601&treated=3&insured=32", "treated"],
    ["/api/v1/clearing/2026-01", "period"],
    ["/api/v1/reconciliation/abc", "period"],
  ] as const) {
    const r = await api(path, { token: tokens.qin });
    assert.equal(r.status, 400, path);
    assert.match(String(r.json.error), new RegExp(name), path);
  }
});

test("bodies of the wrong shape or size, long headers and malformed bearer tokens are refused cleanly", async () => {
  const claim = "/api/v1/claims/C000000000000000000000000/decision";
  const post = (body: string, type = "application/json") => fetch(`${hub.regulatorApiUrl}${claim}`, { method: "POST", headers: { authorization: `Bearer ${tokens.qin}`, "content-type": type }, body });
  assert.equal((await post("{\"decision\":")).status, 400, "not JSON");
  assert.equal((await post("approve", "text/plain")).status, 400, "a text body");
  assert.equal((await post("[1,2]")).status, 400, "an array");
  assert.equal((await post(JSON.stringify({ decision: "approve", reason: 5 }))).status, 400, "a number for the reason");
  assert.equal((await post(JSON.stringify({ decision: "approve", reason: "x".repeat(100_000) }))).status, 413, "over the body limit");
  const close = await api("/api/v1/clearing/202601/close", { method: "POST", token: tokens.qin, body: { confirm: 202601 } });
  assert.equal(close.status, 403, "role before body");
  assert.equal((await api("/api/v1/spot-checks", { method: "POST", token: tokens.qin, body: { sample_size: "5" } })).status, 403);
  const longHeader = await fetch(`${hub.regulatorApiUrl}/api/v1/session`, { headers: { "x-filler": "x".repeat(20_000) } });
  assert.equal(longHeader.status, 431);
  for (const authorization of ["Bearer", "Bearer ", `Bearer ${tokens.qin} extra`, `bearer ${tokens.qin}`, `Basic ${tokens.qin}`, `Bearer ${"x".repeat(10_000)}`, `Bearer ${tokens.qin?.slice(0, -1)}`]) {
    const r = await fetch(`${hub.regulatorApiUrl}/api/v1/session`, { headers: { authorization } });
    assert.equal(r.status, 401, authorization.slice(0, 40));
  }
  for (const cookie of ["tx_session=", "tx_session=../../etc", `tx_session=${"a".repeat(5000)}`, "tx_session=%00%ff"]) assert.equal((await api("/api/v1/session", { cookie })).status, 401, cookie.slice(0, 30));
  assert.equal((await api("/api/v1/session", { method: "POST", body: { user: ["qin"], password: { a: 1 } } })).status, 401, "sign-in with fields of the wrong type");
  assert.equal((await api("/api/v1/session")).status, 401, "the server is still answering");
});

test("paths that climb out of /console/ or /console/vendor/ find nothing", async () => {
  assert.equal((await rawGet("/console/app.js")).status, 200);
  assert.equal((await rawGet("/console/vendor/echarts.min.js")).status, 200);
  for (const path of [
    "/console/../package.json",
    "/console/%2e%2e/%2e%2e/package.json",
    "/console/..%2f..%2fpackage.json",
    "/console/..%252f..%252fpackage.json",
    "/console/..%5c..%5cpackage.json",
    "/console//etc/passwd",
    "/console/%2fetc%2fpasswd",
    "/console/vendor/../../../package.json",
    "/console/vendor/..%2fecharts.js",
    "/console/vendor/..%2f..%2fpackage.json",
    "/console/vendor/%2e%2e/package.json",
    "/console/vendor/echarts.js",
    "/console/vendor/echarts.min.js%00.html",
  ]) {
    const r = await rawGet(path);
    assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
    assert.doesNotMatch(r.body, /"name"|root:/, path);
  }
});
