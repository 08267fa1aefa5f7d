// Fuzz sample: thousands of mutated settle messages and replies (byte flips, truncations, entity
// tricks, deep nesting, huge text, number swaps, splices). Each must decode or be refused with
// InvalidInputError naming a field, within 50 ms; nothing else may escape.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isInvalidInputError } from "@tongxing/domain";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, type Claim } from "@tongxing/proto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { xmlEsbDialect } from "./xml-esb-dialect.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const ROOT = fileURLToPath(new URL("../../../../conformance/vectors/xml-esb/", import.meta.url));
const MAX_MS = 50;

/** The golden vectors' valid inputs. */
const SEEDS: Buffer[] = readdirSync(ROOT)
  .sort()
  .map((name) => ({ name, meta: JSON.parse(readFileSync(join(ROOT, name, "vector.json"), "utf8")) as { kind: string; input: string } }))
  .filter(({ meta }) => meta.kind === "claim")
  .map(({ name, meta }) => readFileSync(join(ROOT, name, meta.input)));

const NASTY = [
  "&xxe;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "<!ENTITY a SYSTEM 'file:///etc/passwd'>", "&#0;", "&#x110000;", "&#xD800;", "&lt", "&", "<![CDATA[", "]]>",
  "<?xml version='1.0' encoding='GBK'?>", "\u0000", "\uFFFF", "<a>", "</Body>", "<Fee>", " xmlns:a='x'", "&amp;amp;", "\uFEFF", "<!--", "-->", "<?pi?>", "'", '"', "=",
  "<__proto__>", "<constructor/>", " Count=\"-1\"", "\r\n", "9".repeat(40),
];
const NUMBERS = ["12.345", "-1", "abc", "1e3", "99999999999999999999.99", "", "0.001", " 1", "NaN", "0x10", "1_000", "١٢٣", "-0", "+5", "9223372036854775808"];
const NAMES = ["Head", "Body", "Psn", "Mdtrt", "Settle", "FeeList", "Fee", "Cnt", "Pric", "CbdQh", "TranCode", "SetlInfo", "Envelope", "x"];

/** xorshift32: a reproducible stream for the mutations. */
function createRandom(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { int, pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T };
}

type Random = ReturnType<typeof createRandom>;

function mutate(input: Buffer, other: Buffer, rng: Random): Buffer {
  const at = () => rng.int(0, input.length);
  const insert = (piece: Buffer | string) => {
    const p = at();
    return Buffer.concat([input.subarray(0, p), Buffer.from(piece), input.subarray(p)]);
  };
  switch (rng.int(0, 11)) {
    case 0: {
      const out = Buffer.from(input);
      for (let i = rng.int(1, 8); i > 0; i--) {
        const p = rng.int(0, out.length - 1);
        out[p] = (out[p] ?? 0) ^ (1 << rng.int(0, 7));
      }
      return out;
    }
    case 1:
      return input.subarray(0, at());
    case 2: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), input.subarray(p + rng.int(1, 80))]);
    }
    case 3:
      return insert(Buffer.from(Array.from({ length: rng.int(1, 32) }, () => rng.int(0, 255))));
    case 4: {
      const p = at();
      const chunk = input.subarray(p, p + rng.int(1, 300));
      return Buffer.concat([input.subarray(0, p), chunk, chunk, input.subarray(p)]);
    }
    case 5:
      return insert(rng.pick(NASTY).repeat(rng.int(1, 3)));
    case 6:
      return insert(rng.pick(["<a>", "<Fee>", "<Psn>", "<x:y>"]).repeat(rng.pick([40, 1_000, 100_000])));
    case 7: {
      const text = input.toString("utf8");
      const close = text.indexOf("</", rng.int(0, text.length - 1));
      const huge = rng.pick(["A", "王", "&amp;", "𠮷"]).repeat(rng.pick([5_000, 300_000, 1_200_000]));
      return close < 0 ? Buffer.from(text + huge) : Buffer.from(text.slice(0, close) + huge + text.slice(close));
    }
    case 8: {
      const text = input.toString("utf8");
      const runs = [...text.matchAll(/-?\d+(\.\d+)?/g)];
      const run = runs.length === 0 ? undefined : rng.pick(runs);
      if (run?.index === undefined) return input;
      return Buffer.from(text.slice(0, run.index) + rng.pick(NUMBERS) + text.slice(run.index + run[0].length));
    }
    case 9:
      return Buffer.concat([input.subarray(0, at()), other.subarray(rng.int(0, other.length))]);
    case 10: {
      const text = input.toString("utf8");
      const names = [...text.matchAll(/<\/?([A-Za-z]+)/g)];
      const hit = names.length === 0 ? undefined : rng.pick(names);
      if (hit?.index === undefined) return input;
      const start = hit.index + hit[0].length - (hit[1]?.length ?? 0);
      return Buffer.from(text.slice(0, start) + rng.pick(NAMES) + text.slice(start + (hit[1]?.length ?? 0)));
    }
    default:
      return Buffer.from(Array.from({ length: rng.int(0, 512) }, () => rng.int(0, 255)));
  }
}

/** Milliseconds one decode of `input` takes, whatever it throws. */
function timed(decode: (payload: Uint8Array) => unknown, input: Uint8Array): number {
  const started = cpuNow();
  try {
    decode(input);
  } catch {
    // Only the time matters here; the outcome was checked on the first run.
  }
  return cpuNow() - started;
}

interface Tally {
  decoded: number;
  rejected: number;
  slowest: number;
  failures: string[];
}

function run(decode: (payload: Uint8Array) => unknown, seeds: readonly Buffer[], count: number, seed: number): Tally {
  const rng = createRandom(seed);
  const tally: Tally = { decoded: 0, rejected: 0, slowest: 0, failures: [] };
  for (const s of seeds) decode(s); // warm-up: the first parse compiles the parser
  for (let i = 0; i < count; i++) {
    let input = mutate(rng.pick(seeds), rng.pick(seeds), rng);
    if (rng.int(0, 3) === 0) input = mutate(input, rng.pick(seeds), rng);
    const started = cpuNow();
    try {
      decode(input);
      tally.decoded += 1;
    } catch (err) {
      if (!isInvalidInputError(err)) tally.failures.push(`#${i} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      else if (err.violations.length === 0 || err.violations.some((v) => v.field === "")) tally.failures.push(`#${i} unnamed violation`);
      else tally.rejected += 1;
    }
    // The work is deterministic: a slow run is timed once more so that a garbage-collection pause
    // (the mutations allocate megabytes) is not taken for a slow decode.
    let ms = cpuNow() - started;
    if (ms > MAX_MS) ms = Math.min(ms, timed(decode, input));
    tally.slowest = Math.max(tally.slowest, ms);
    if (ms > MAX_MS) tally.failures.push(`#${i} took ${ms.toFixed(1)} ms (${input.length} bytes)`);
  }
  return tally;
}

test("2,500 mutated settle messages: decoded or refused with a named field, each within 50 ms of CPU", () => {
  const tally = run((p) => xmlEsbDialect.decodeClaim(p), SEEDS, 2_500, 20_260_301);
  assert.deepEqual(tally.failures.slice(0, 5), []);
  assert.equal(tally.decoded + tally.rejected, 2_500);
  assert.ok(tally.rejected > 1_000, `${tally.rejected} rejected`);
  assert.ok(tally.decoded > 0, "some mutations stay valid");
});

test("600 mutated adjudication replies: decoded or refused with a named field, each within 50 ms of CPU", () => {
  const claims: Claim[] = SEEDS.slice(0, 4).map((s) => xmlEsbDialect.decodeClaim(s).claim);
  const replies = claims.map((claim, i) =>
    Buffer.from(xmlEsbDialect.encodeAdjudication!(create(AdjudicationSchema, { setlId: `S${i}`, medfeeSumamt: claim.totals?.medfeeSumamt ?? 0n, hifpPay: 1n, fundPaySumamt: 1n, setlTime: claim.infTime }), claim)),
  );
  const claim = claims[0] as Claim;
  const tally = run((p) => xmlEsbDialect.decodeAdjudication!(p, claim), replies.slice(0, 1), 600, 7);
  assert.deepEqual(tally.failures.slice(0, 5), []);
  assert.ok(tally.rejected > 200);
});
