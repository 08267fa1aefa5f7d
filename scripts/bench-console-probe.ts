// The overview probe of `npm run bench:console`, in a process of its own (as a regulator's browser
// is): asks GET <url>/api/v1/overview every --interval ms for --seconds and prints one JSON line,
// {"latencies":[[clientMs, serverMs|null], …]}: the time this process waited for each answer and
// the time the console spent on it (its Server-Timing `app` figure). The bearer token comes in the
// environment (CONSOLE_TOKEN), not on the command line where `ps` would show it.
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { url: { type: "string" }, seconds: { type: "string", default: "30" }, interval: { type: "string", default: "250" } } });
const token = process.env.CONSOLE_TOKEN;
if (values.url === undefined || token === undefined) throw new Error("usage: CONSOLE_TOKEN=… bench-console-probe.ts --url http://host:port [--seconds 30] [--interval 250]");
const seconds = Number(values.seconds);
const intervalMs = Number(values.interval);
const latencies: [number, number | null][] = [];
const started = Date.now();
while (Date.now() - started < seconds * 1000) {
  const t0 = performance.now();
  const res = await fetch(`${values.url}/api/v1/overview`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  const clientMs = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET /api/v1/overview answered ${res.status}`);
  const server = /(?:^|,)\s*app;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
  latencies.push([clientMs, server?.[1] === undefined ? null : Number(server[1])]);
  await new Promise((r) => setTimeout(r, intervalMs));
}
process.stdout.write(`${JSON.stringify({ latencies })}\n`);
