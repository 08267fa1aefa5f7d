// `npm run bench:console [-- --seconds 30 --concurrency 64]`: the overview's answer time while the
// hub runs a saturation load. A test hub (real nats-server, router, auditor, translator) with the
// 31 simulated provinces; closed-loop callers settle claims as fast as the hub answers while a
// probe asks GET /api/v1/overview every 250 ms. Prints the hub's claims/s and the overview's
// p50 / p99 / max. A benchmark, not a test: the issue's target is an overview answer within 200 ms.
import { parseArgs } from "node:util";
import { createAccountStore, openConsoleBucket } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats } from "@tongxing/nats";
import { createGatewayClient, startTestHub } from "@tongxing/testkit";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "30" }, concurrency: { type: "string", default: "64" } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"];

const hub = await startTestHub();
const platforms = startSimulatedPlatforms({ address: hub.address });
const nc = await connectNats({ servers: hub.nats.url, name: "bench-console" });
const store = createAccountStore(await openConsoleBucket(nc));
await store.create({ user: "bench", role: "viewer", scope: "national", password: "bench-password-1" });
const token = await store.issueToken("bench");
await nc.close();

const clients = PROVINCES.map((p) => createGatewayClient(hub.address, p));
let answered = 0;
let stop = false;
const workers = Array.from({ length: concurrency }, async (_, w) => {
  for (let seq = w * 1_000_000; !stop; seq++) {
    const treated = PROVINCES[seq % PROVINCES.length] ?? "37";
    const insured = PROVINCES[(seq * 7 + 3) % PROVINCES.length] ?? "32";
    const client = clients[PROVINCES.indexOf(treated)];
    const message = buildNhsaSettleMessage({ kind: seq % 3 === 0 ? "pharmacy" : "outpatient", treatmentAdmdvs: `${treated}0102`, insuredAdmdvs: `${insured}0100`, seq, seed: seq });
    await client?.settle(message.payload).then(() => (answered += 1)).catch(() => undefined);
  }
});

const latencies: number[] = [];
const started = Date.now();
while (Date.now() - started < seconds * 1000) {
  const t0 = performance.now();
  const res = await fetch(`${hub.regulatorApiUrl}/api/v1/overview`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  latencies.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 250));
}
const elapsedS = (Date.now() - started) / 1000;
stop = true;
await Promise.all(workers);
latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);
console.log(`hub: ${(answered / elapsedS).toFixed(1)} claims/s answered with ${concurrency} callers over ${elapsedS.toFixed(0)} s`);
console.log(`GET /api/v1/overview: ${latencies.length} requests, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms (target: within 200 ms)`);
for (const c of clients) c.close();
platforms.close();
await hub.stop();
