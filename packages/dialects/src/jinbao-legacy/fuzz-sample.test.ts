// A deterministic fuzz sample: 2,500 inputs mutated from the golden vectors (byte flips, cuts,
// random GBK, huge fields, record shuffles, line-end changes, junk in numbers). Each must decode or
// be refused with InvalidInputError naming a field, within 50 ms, and nothing else may be thrown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { isInvalidInputError } from "@tongxing/domain";
import iconv from "iconv-lite";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const ROOT = new URL("../../../../conformance/vectors/jinbao-legacy/", import.meta.url);
const SEEDS = readdirSync(ROOT)
  .sort()
  .filter((name) => (JSON.parse(readFileSync(new URL(`${name}/vector.json`, ROOT), "utf8")) as { kind: string }).kind === "claim")
  .map((name) => readFileSync(new URL(`${name}/input.txt`, ROOT)));
const RUNS = 2_500;
const MAX_MS = 50;

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function seeded(seed: number): { int: (min: number, max: number) => number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

type Rng = ReturnType<typeof seeded>;
const JUNK = ["12.345", "-", " 1", "+1", "abc", "99999999999999999999", "        ", "\t", "\u0000", "|", "\r", "\n", "20240230", "-0"];

function randomGbk(rng: Rng, chars: number): Buffer {
  return Buffer.concat(Array.from({ length: chars }, () => Buffer.from([rng.int(0x81, 0xfe), rng.int(0x40, 0xfe)])));
}

function lines(input: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = input.indexOf(0x0a); i !== -1; i = input.indexOf(0x0a, start)) {
    out.push(input.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < input.length) out.push(input.subarray(start));
  return out;
}

function mutate(input: Buffer, other: Buffer, rng: Rng): Buffer {
  const at = () => rng.int(0, input.length);
  const recs = lines(input);
  const pick = () => rng.int(0, Math.max(0, recs.length - 1));
  switch (rng.int(0, 14)) {
    case 0: {
      const out = Buffer.from(input);
      for (let i = rng.int(1, 6); i > 0 && out.length > 0; i--) {
        const p = rng.int(0, out.length - 1);
        out[p] = (out[p] ?? 0) ^ (1 << rng.int(0, 7));
      }
      return out;
    }
    case 1:
      return input.subarray(0, at());
    case 2: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), input.subarray(Math.min(input.length, p + rng.int(1, 80)))]);
    }
    case 3: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.from(Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 255))), input.subarray(p)]);
    }
    case 4: {
      const p = at();
      return Buffer.concat([input.subarray(0, p), randomGbk(rng, rng.int(1, 30)), input.subarray(p + rng.int(0, 60))]);
    }
    case 5: {
      const i = pick();
      return Buffer.concat([...recs.slice(0, i + 1), recs[i] ?? Buffer.alloc(0), ...recs.slice(i + 1)]);
    }
    case 6: {
      const i = pick();
      return Buffer.concat([...recs.slice(0, i), ...recs.slice(i + 1)]);
    }
    case 7: {
      const [i, j] = [pick(), pick()];
      const copy = [...recs];
      [copy[i], copy[j]] = [recs[j] ?? Buffer.alloc(0), recs[i] ?? Buffer.alloc(0)];
      return Buffer.concat(copy);
    }
    case 8: {
      const p = at();
      const junk = Buffer.from(JUNK[rng.int(0, JUNK.length - 1)] ?? "", "latin1");
      const out = Buffer.from(input);
      junk.copy(out, Math.min(p, Math.max(0, out.length - junk.length)));
      return out;
    }
    case 9: {
      const p = at();
      const huge = rng.int(0, 1) === 0 ? Buffer.alloc(rng.int(10_000, 400_000), 0x39) : iconv.encode("王".repeat(rng.int(5_000, 100_000)), "gbk");
      return Buffer.concat([input.subarray(0, p), huge, input.subarray(p)]);
    }
    case 10:
      return Buffer.from(input.toString("latin1").replace(/\r\n/g, rng.int(0, 1) === 0 ? "\n" : "\r\r\n"), "latin1");
    case 11: {
      const text = input.toString("latin1");
      const runs = [...text.matchAll(/\d{4,}/g)];
      const run = runs[rng.int(0, Math.max(0, runs.length - 1))];
      if (run?.index === undefined) return input;
      const repl = (JUNK[rng.int(0, JUNK.length - 1)] ?? "").padEnd(run[0].length, " ").slice(0, run[0].length);
      return Buffer.from(text.slice(0, run.index) + repl + text.slice(run.index + run[0].length), "latin1");
    }
    case 12:
      return Buffer.concat([input.subarray(0, at()), other.subarray(rng.int(0, other.length))]);
    case 13: {
      const out = Buffer.from(input);
      const i = pick();
      const start = recs.slice(0, i).reduce((s, r) => s + r.length, 0);
      if (start < out.length) out[start] = rng.int(0x20, 0x7e);
      return out;
    }
    default:
      return Buffer.from(Array.from({ length: rng.int(0, 2_000) }, () => rng.int(0, 255)));
  }
}

test(`fuzz: ${RUNS} mutated inputs each decode or are refused with named fields, within ${MAX_MS} ms, nothing else thrown`, () => {
  assert.ok(SEEDS.length >= 10);
  for (const seed of SEEDS) dialect.decodeClaim(seed); // warm up
  const rng = seeded(0x6a62);
  const stats = { decoded: 0, refused: 0, slowest: 0 };
  for (let i = 0; i < RUNS; i++) {
    const a = SEEDS[rng.int(0, SEEDS.length - 1)] ?? Buffer.alloc(0);
    const b = SEEDS[rng.int(0, SEEDS.length - 1)] ?? Buffer.alloc(0);
    let input = mutate(a, b, rng);
    if (rng.int(0, 3) === 0) input = mutate(input, b, rng);
    const started = cpuNow();
    try {
      dialect.decodeClaim(input);
      stats.decoded += 1;
    } catch (err) {
      assert.ok(isInvalidInputError(err), `input ${i} threw ${String(err)}: ${input.toString("base64").slice(0, 200)}`);
      assert.ok(err.violations.length > 0 && err.violations.every((v) => v.field !== "" && v.description !== ""), `input ${i}: unnamed violation`);
      stats.refused += 1;
    }
    let ms = cpuNow() - started;
    if (ms >= MAX_MS) {
      // Timed again once: a GC pause or the other test process on a shared core is not the
      // decoder's fault; a decoder that is really slow on this input is slow twice.
      const again = cpuNow();
      try {
        dialect.decodeClaim(input);
      } catch {
        // the outcome was checked above; only the time matters here
      }
      ms = Math.min(ms, cpuNow() - again);
    }
    stats.slowest = Math.max(stats.slowest, ms);
    assert.ok(ms < MAX_MS, `input ${i} took ${ms.toFixed(1)} ms (${input.length} bytes)`);
  }
  assert.equal(stats.decoded + stats.refused, RUNS);
  assert.ok(stats.decoded > 0 && stats.refused > 0, JSON.stringify(stats));
});

test("fuzz: payloads beyond 1 MiB and pure junk are refused on payload, quickly", () => {
  for (const input of [Buffer.alloc(1_048_577, 0x44), Buffer.alloc(1_048_576, 0x0a), randomGbk(seeded(7), 400_000)]) {
    const started = cpuNow();
    assert.throws(() => dialect.decodeClaim(input), (err: unknown) => isInvalidInputError(err) && err.violations.length > 0);
    assert.ok(cpuNow() - started < MAX_MS);
  }
});
