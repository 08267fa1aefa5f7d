// Microbenchmark behind docs/decisions/protobuf-runtime.md: protobufjs (the card's library, the
// .proto files loaded at run time, as @grpc/proto-loader does) against protobuf-es (the generated
// code the hub uses) on the canonical Claim. `npm run bench:protobuf [-- --seconds 1]`.
// One thread; each figure is the best of 3 timed rounds after a warm-up, over 60 claims
// (outpatient, inpatient, pharmacy) built by the national dialect. Also checks the two runtimes
// agree on the wire: each decodes the other's bytes to an equal message.
import { equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import protobuf from "protobufjs";
import { ClaimSchema, type Claim } from "@tongxing/proto";
import { createDialectRegistry } from "@tongxing/dialects";
import { buildNhsaSettleMessage } from "../claims/claim-factory.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "1" } } });
const roundMs = Number(values.seconds) * 1000;
const PROTO_ROOT = fileURLToPath(new URL("../../../proto/", import.meta.url));

const nhsa = createDialectRegistry().get("nhsa-json");
const KINDS = ["outpatient", "inpatient", "pharmacy"] as const;
const claims: Claim[] = Array.from({ length: 60 }, (_, i) =>
  nhsa.decodeClaim(buildNhsaSettleMessage({ kind: KINDS[i % 3] ?? "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: i }).payload).claim,
);
const esBytes = claims.map((c) => toBinary(ClaimSchema, c));

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (target.startsWith("/") ? target : PROTO_ROOT + target);
root.loadSync("tongxing/v1/claim.proto", { keepCase: true });
const JsClaim = root.lookupType("tongxing.v1.Claim");
const jsMessages = esBytes.map((b) => JsClaim.decode(b));
const jsBytes = jsMessages.map((m) => JsClaim.encode(m).finish());

// Wire agreement: protobuf-es reads protobufjs's bytes back to the same claim, and vice versa.
for (const [i, b] of jsBytes.entries()) {
  if (!equals(ClaimSchema, fromBinary(ClaimSchema, b), claims[i]!)) throw new Error(`claim ${i}: protobufjs bytes decode to a different claim`);
}

/** Best-of-3 operations per second of `op` over the inputs. */
function rate<T>(inputs: readonly T[], op: (x: T) => unknown): number {
  const run = (ms: number): number => {
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

const f = (x: number): string => Math.round(x).toLocaleString("en-US");
const bytes = esBytes.reduce((s, b) => s + b.byteLength, 0) / esBytes.length;
console.log(`node ${process.version}, one thread, ${roundMs} ms rounds, best of 3; canonical Claim, ${f(bytes)} bytes on average; claims per second`);
console.log(`${"runtime".padEnd(26)} ${"decode".padStart(12)} ${"encode".padStart(12)}`);
console.log(`${"protobuf-es 2 (generated)".padEnd(26)} ${f(rate(esBytes, (b) => fromBinary(ClaimSchema, b))).padStart(12)} ${f(rate(claims, (c) => toBinary(ClaimSchema, c))).padStart(12)}`);
console.log(`${"protobufjs 8 (reflection)".padEnd(26)} ${f(rate(esBytes, (b) => JsClaim.decode(b))).padStart(12)} ${f(rate(jsMessages, (m) => JsClaim.encode(m).finish())).padStart(12)}`);
console.log("wire: protobuf-es decodes protobufjs's encoding of every claim to an equal message");
