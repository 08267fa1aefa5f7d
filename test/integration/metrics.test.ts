// The services' /metrics, /healthz and /readyz, scraped by Debian's real Prometheus server: the
// claim counters with their province labels, hop latencies, link status and platform backlog.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, freePort, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const PROMETHEUS = "/usr/bin/prometheus";
/** Comes with Debian's prometheus package. */
const PROMTOOL = "/usr/bin/promtool";
const DEPLOY = new URL("../../deploy/", import.meta.url);
const SERVICES = ["translator", "router", "auditor"] as const;

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let guangdong: GatewayClient;
/** A Prometheus server started by this test, with its store and config in `dir`. */
interface RunningPrometheus {
  readonly url: string;
  readonly process: ChildProcess;
  readonly dir: string;
  readonly log: string[];
}
let prometheus: RunningPrometheus | undefined;
let prometheusMissing = "";

/** Debian's Prometheus, installed on the spot where this runs as root with apt-get (as in CI). */
function ensurePrometheus(): boolean {
  if (existsSync(PROMETHEUS)) return true;
  if (process.getuid?.() !== 0 || spawnSync("apt-get", ["--version"]).status !== 0) {
    prometheusMissing = `${PROMETHEUS} is missing and cannot be installed here (needs root and apt-get): apt-get install prometheus`;
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { env, stdio: "ignore" });
  const r = spawnSync("apt-get", ["install", "-y", "-qq", "prometheus"], { env, encoding: "utf8" });
  if (r.status !== 0 || !existsSync(PROMETHEUS)) {
    prometheusMissing = `apt-get install prometheus failed: ${(r.stderr ?? "").slice(-500)}`;
    return false;
  }
  return true;
}

async function startPrometheus(targets: Readonly<Record<string, string>>): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "tongxing-prometheus-"));
  const jobs = Object.entries(targets).map(([job, url]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ["${new URL(url).host}"]\n`);
  writeFileSync(join(dir, "prometheus.yml"), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs.join("")}`);
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const log: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => log.push(String(chunk)));
  return { url: `http://127.0.0.1:${port}`, process: child, dir, log };
}

/** GET as JSON, or undefined while the server is not answering yet. */
async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined; // not listening yet
  }
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${prometheus === undefined ? "" : `; prometheus said: ${prometheus.log.join("").slice(-1500)}`}`);
    await sleep(250);
  }
}

interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

async function query(promql: string): Promise<Sample[]> {
  const body = await getJson<{ status: string; data: { result: Sample[] } }>(`${prometheus?.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  assert.equal(body?.status, "success", `query ${promql}`);
  return body.data.result;
}

/** Settles claims from Shandong (3) and Guangdong (1), all insured in Jiangsu. */
async function settleClaims(): Promise<void> {
  for (const [client, admdvs, seq] of [
    [shandong, "370102", 1],
    [shandong, "370102", 2],
    [shandong, "370102", 3],
    [guangdong, "440103", 4],
  ] as const) {
    const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: admdvs, insuredAdmdvs: "320100", seq, seed: 100 + seq, insutype: "310" });
    const res = await client.settle(message.payload);
    assert.equal(res.status, ClaimStatus.SETTLED, `claim ${seq} settles`);
  }
}

before(async () => {
  const available = ensurePrometheus();
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32", "44"] });
  shandong = createGatewayClient(hub.address, "37");
  guangdong = createGatewayClient(hub.address, "44");
  await settleClaims();
  // A claim insured in Zhejiang, whose platform is offline: it waits in DELIVERY (the backlog).
  const waiting = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "330100", seq: 5, seed: 105 });
  await shandong.submit(waiting.payload);
  if (available) prometheus = await startPrometheus(hub.metricsUrls);
});

after(async () => {
  if (prometheus !== undefined) {
    const p = prometheus.process;
    if (p.exitCode === null) {
      const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
      p.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000, undefined, { ref: false }).then(() => p.kill("SIGKILL"))]);
    }
    rmSync(prometheus.dir, { recursive: true, force: true });
  }
  shandong.close();
  guangdong.close();
  platforms.close();
  await hub.stop();
});

test("every service answers /healthz and /readyz with 200 and serves its metrics on /metrics", async () => {
  for (const service of SERVICES) {
    const base = hub.metricsUrls[service];
    assert.match(base ?? "", /^http:\/\/127\.0\.0\.1:\d+$/, `${service} has a metrics address`);
    assert.equal((await fetch(`${base}/healthz`)).status, 200, `${service} /healthz`);
    assert.equal((await fetch(`${base}/readyz`)).status, 200, `${service} /readyz`);
    assert.equal((await fetch(`${base}/nope`)).status, 404, `${service} unknown path`);
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^process_cpu_user_seconds_total \d/m, `${service} exports the default process metrics`);
    assert.match(text, new RegExp(`^tongxing_errors_total\\{service="${service}",kind="handler_failed"\\} 0$`, "m"));
  }
  const auditor = await (await fetch(`${hub.metricsUrls.auditor}/metrics`)).text();
  assert.match(auditor, /^tongxing_claims_total\{outcome="settled",treatment_province="37",insured_province="32"\} 3$/m);
  assert.match(auditor, /^tongxing_claims_total\{outcome="settled",treatment_province="44",insured_province="32"\} 1$/m);
  assert.doesNotMatch(auditor, /claim_id|C[0-9a-f]{24}/, "no claim id anywhere in the metrics");
  const translator = await (await fetch(`${hub.metricsUrls.translator}/metrics`)).text();
  assert.match(translator, /^tongxing_results_received_total 4$/m, "the four answered results, each received once");
});

test("Prometheus scrapes all three services and sees the settled claims by province pair", async (t) => {
  if (prometheus === undefined) return t.skip(prometheusMissing);
  type Targets = { data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] } };
  const targets = await eventually("all targets up", 30_000, async () => {
    const body = await getJson<Targets>(`${prometheus?.url}/api/v1/targets`);
    const active = body?.data.activeTargets ?? [];
    return active.length === SERVICES.length && active.every((a) => a.health === "up") ? active : undefined;
  });
  assert.deepEqual(targets.map((a) => a.labels.job).sort(), [...SERVICES].sort());

  const settled = await eventually("the settled claims in Prometheus", 15_000, async () => {
    const series = (await query("tongxing_claims_total")).filter((s) => s.metric.outcome === "settled");
    return series.reduce((n, s) => n + Number(s.value[1]), 0) === 4 ? series : undefined;
  });
  const byPair = new Map(settled.map((s) => [`${s.metric.treatment_province}→${s.metric.insured_province}`, s.value[1]]));
  assert.deepEqual(Object.fromEntries(byPair), { "37→32": "3", "44→32": "1" });
  for (const s of settled) {
    assert.equal(s.metric.job, "auditor", "claims are counted by the auditor only");
    assert.deepEqual(Object.keys(s.metric).sort(), ["__name__", "instance", "insured_province", "job", "outcome", "treatment_province"]);
  }

  const settleLatency = await query('sum(tongxing_settle_claim_duration_seconds_count{status="settled"})');
  assert.equal(settleLatency[0]?.value[1], "4", "SettleClaim latency observed for each settled claim");
  const routed = await query('tongxing_route_duration_seconds_count{outcome="routed"}');
  assert.ok(routed.every((s) => s.value[1] === "0"), "the router handled none of the five claims: intake routed them");
  const router = await query('up{job="router"}');
  assert.equal(router[0]?.value[1], "1", "the router is scraped all the same");
  const links = await query("tongxing_link_up == 1");
  assert.deepEqual(links.map((s) => s.metric.platform).sort(), ["32", "37", "44"], "the three connected platforms' links are up");
  const zhejiangLink = await query('tongxing_link_up{platform="33"}');
  assert.equal(zhejiangLink[0]?.value[1], "0", "Zhejiang's link is known and down");
});

test("the router reports the offline platform's backlog and the age of its oldest waiting claim", async (t) => {
  if (prometheus === undefined) return t.skip(prometheusMissing);
  const backlog = await eventually("Zhejiang's backlog in Prometheus", 20_000, async () => {
    const series = await query('tongxing_platform_backlog{platform="33"} > 0');
    return series.length === 1 ? series : undefined;
  });
  assert.equal(backlog[0]?.value[1], "1");
  assert.equal(backlog[0]?.metric.job, "router");
  const oldest = await query('tongxing_platform_oldest_waiting_seconds{platform="33"}');
  assert.ok(Number(oldest[0]?.value[1]) > 0, "the waiting claim has an age");
  const jiangsu = await query('tongxing_platform_backlog{platform="32"}');
  assert.equal(jiangsu[0]?.value[1], "0", "Jiangsu answered everything");
});

test("deploy/prometheus passes promtool: the config, the rules and the alert unit tests", async (t) => {
  if (!existsSync(PROMTOOL)) return t.skip(prometheusMissing || `${PROMTOOL} is missing`);
  const dir = new URL("prometheus/", DEPLOY).pathname;
  for (const args of [["check", "config", "prometheus.yml"], ["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]]) {
    const r = spawnSync(PROMTOOL, args, { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, `promtool ${args.join(" ")}: ${r.stdout}${r.stderr}`);
  }
});

test("the dashboard's and the alerts' queries run on Prometheus and name only metrics the services export", async (t) => {
  const prom = prometheus;
  if (prom === undefined) return t.skip(prometheusMissing);
  const dashboard = readFileSync(new URL("grafana/tongxing-dashboard.json", DEPLOY), "utf8");
  const alerts = readFileSync(new URL("prometheus/alerts.yml", DEPLOY), "utf8");
  const exprs = [...dashboard.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  assert.ok(exprs.length >= 15, `the dashboard has its queries (${exprs.length})`);
  for (const expr of exprs) {
    const body: { status: string } | undefined = await getJson(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr.replaceAll("$__rate_interval", "1m"))}`);
    assert.equal(body?.status, "success", `dashboard query runs: ${expr}`);
  }
  // Every metric a service declares (# TYPE lines), whether or not it has a sample yet.
  const exported = new Set<string>();
  for (const service of SERVICES) {
    const text = await (await fetch(`${hub.metricsUrls[service]}/metrics`)).text();
    for (const m of text.matchAll(/^# TYPE (\S+) /gm)) exported.add(m[1] ?? "");
  }
  const used = new Set([...`${dashboard}\n${alerts}`.matchAll(/\b(tongxing_[a-z_]+|nodejs_[a-z0-9_]+|process_[a-z_]+)\b/g)].map((m) => m[1] ?? ""));
  for (const name of used) {
    assert.ok(exported.has(name.replace(/_(bucket|count|sum)$/, "")), `${name} is exported by a service`);
  }
  assert.ok(used.has("tongxing_platform_oldest_waiting_seconds") && used.has("tongxing_link_up"), "the names were found");
});
