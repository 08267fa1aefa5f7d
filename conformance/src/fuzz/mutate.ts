import type { SeededRandom } from "@tongxing/loadtest";

const NASTY = ["[", "{", "<a>", '"', "\\", "\u0000", "-", "9".repeat(40), "1e309", "NaN", "&lt;", "<!ENTITY x SYSTEM 'file:///etc/passwd'>", "\uFFFD", "|", "\n"];

/** A mutated copy of `input`: byte flips, cuts, insertions, splices and structural bombs. */
export function mutate(input: Uint8Array, other: Uint8Array, rng: SeededRandom): Uint8Array {
  const bytes = Buffer.from(input);
  const at = (n: number) => rng.int(0, Math.max(0, n));
  switch (rng.int(0, 9)) {
    case 0: {
      const out = Buffer.from(bytes);
      for (let i = rng.int(1, 8); i > 0 && out.length > 0; i--) {
        const p = at(out.length - 1);
        out[p] = (out[p] ?? 0) ^ (1 << rng.int(0, 7));
      }
      return out;
    }
    case 1: {
      const start = at(bytes.length);
      return Buffer.concat([bytes.subarray(0, start), bytes.subarray(Math.min(bytes.length, start + rng.int(1, 64)))]);
    }
    case 2: {
      const start = at(bytes.length);
      const noise = Buffer.from(Array.from({ length: rng.int(1, 32) }, () => rng.int(0, 255)));
      return Buffer.concat([bytes.subarray(0, start), noise, bytes.subarray(start)]);
    }
    case 3: {
      const start = at(bytes.length);
      const chunk = bytes.subarray(start, start + rng.int(1, 200));
      return Buffer.concat([bytes.subarray(0, start), chunk, chunk, bytes.subarray(start)]);
    }
    case 4:
      return bytes.subarray(0, at(bytes.length));
    case 5: {
      const start = at(bytes.length);
      const nasty = NASTY[rng.int(0, NASTY.length - 1)] ?? "";
      return Buffer.concat([bytes.subarray(0, start), Buffer.from(nasty.repeat(rng.int(1, 3))), bytes.subarray(start)]);
    }
    case 6: {
      const cut = at(bytes.length);
      const from = Buffer.from(other);
      return Buffer.concat([bytes.subarray(0, cut), from.subarray(at(from.length))]);
    }
    case 7: {
      const start = at(bytes.length);
      const bomb = rng.int(0, 1) === 0 ? "[".repeat(rng.int(100, 50_000)) : "<a>".repeat(rng.int(100, 20_000));
      return Buffer.concat([bytes.subarray(0, start), Buffer.from(bomb), bytes.subarray(start)]);
    }
    case 8: {
      // Swap a digit run for something that is not an exact amount.
      const text = bytes.toString("latin1");
      const runs = [...text.matchAll(/\d+(\.\d+)?/g)];
      const run = runs[rng.int(0, Math.max(0, runs.length - 1))];
      if (run?.index === undefined) return bytes;
      const repl = rng.pick(["12.345", "-1", "abc", "1e3", "99999999999999999999.99", "", "0.001", " 1"]);
      return Buffer.from(text.slice(0, run.index) + repl + text.slice(run.index + run[0].length), "latin1");
    }
    default:
      return Buffer.from(Array.from({ length: rng.int(0, 512) }, () => rng.int(0, 255)));
  }
}
