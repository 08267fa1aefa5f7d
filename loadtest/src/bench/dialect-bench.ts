// Microbenchmark: messages per second on one core for decode and encode of every dialect.
// `npm run bench:dialects [-- --seconds 2]`. One thread; each figure is the best of 3 timed
// rounds after a warm-up, over a mix of outpatient, inpatient and pharmacy claims.
import { create } from "@bufbuild/protobuf";
import { parseArgs } from "node:util";
import { AdjudicationSchema, ClaimStatus, SettlementResultSchema, VerdictOutcome, type Claim } from "@tongxing/proto";
import { createDialectRegistry, type Dialect } from "@tongxing/dialects";
import { buildNhsaSettleMessage } from "../claims/claim-factory.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "1" } } });
const roundMs = Number(values.seconds) * 1000;
const registry = createDialectRegistry();
const nhsa = registry.get("nhsa-json");
const KINDS = ["outpatient", "inpatient", "pharmacy"] as const;
const nationalMessages = Array.from({ length: 60 }, (_, i) =>
  buildNhsaSettleMessage({ kind: KINDS[i % 3] ?? "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: i }).payload,
);
const claims: Claim[] = nationalMessages.map((p) => nhsa.decodeClaim(p).claim);

function settled(claim: Claim) {
  const t = claim.totals;
  return create(SettlementResultSchema, {
    claimId: "C0123456789abcdef01234567",
    status: ClaimStatus.SETTLED,
    adjudication: create(AdjudicationSchema, { medfeeSumamt: t?.medfeeSumamt ?? 0n, inscpScpAmt: t?.inscpScpAmt ?? 0n, hifpPay: (t?.inscpScpAmt ?? 0n) / 2n, setlId: "S1", setlTime: "2026-11-24 12:00:00" }),
    verdict: { outcome: VerdictOutcome.APPROVE, decidedAt: "2026-11-24 12:00:00.000" },
  });
}

/** Best-of-3 operations per second of `op` over the inputs. */
function rate<T>(inputs: readonly T[], op: (x: T) => unknown): number {
  const run = (ms: number) => {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      for (const x of inputs) op(x);
      n += inputs.length;
    }
    return (n * 1000) / (performance.now() - start);
  };
  run(Math.min(300, roundMs));
  return Math.max(run(roundMs), run(roundMs), run(roundMs));
}

function bench(d: Dialect): string {
  const payloads = d.name === "nhsa-json" || d.encodeClaim === undefined ? null : claims.map((c) => d.encodeClaim!(c));
  const inputs = payloads ?? nationalMessages;
  const decode = d.name === "nhsa-json" || payloads !== null ? rate(inputs, (p) => d.decodeClaim(p)) : NaN;
  const results = claims.map((c) => [settled(c), c] as const);
  const encodeResult = rate(results, ([r, c]) => d.encodeResult(r, c));
  const encodeClaim = d.encodeClaim === undefined ? NaN : rate(claims, (c) => d.encodeClaim!(c));
  const bytes = inputs.reduce((s, p) => s + p.byteLength, 0) / inputs.length;
  const f = (x: number) => (Number.isNaN(x) ? "—" : Math.round(x).toLocaleString("en-US"));
  return `${d.name.padEnd(14)} ${f(bytes).padStart(7)} ${f(decode).padStart(14)} ${f(encodeClaim).padStart(14)} ${f(encodeResult).padStart(14)}`;
}

console.log(`node ${process.version}, one thread, ${roundMs} ms rounds, best of 3; messages per second`);
console.log(`${"dialect".padEnd(14)} ${"bytes".padStart(7)} ${"decode claim".padStart(14)} ${"encode claim".padStart(14)} ${"encode result".padStart(14)}`);
for (const name of registry.names()) console.log(bench(registry.get(name)));
