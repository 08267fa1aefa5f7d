/**
 * Exact conversion between decimal text ("120.50", "-3.5", "0.000001") and scaled integers.
 * Money is never a float: yuan text becomes integer fen (scale 2), unit prices scale 6,
 * quantities scale 4. Parsing never goes through a JavaScript number.
 */

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Longest integer part accepted: 10^15 yuan is far beyond any claim, and bounds the work. */
const MAX_INTEGER_DIGITS = 15;

/** Why a text is not an exact decimal of the wanted scale. */
export type DecimalProblem = "not-a-decimal" | "too-many-decimals" | "too-large";

export type DecimalParse =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly problem: DecimalProblem };

/**
 * Parses decimal text into an integer scaled by 10^scale, exactly.
 * "12.3" at scale 2 → 1230n; "12.345" at scale 2 → too-many-decimals (never rounded).
 * Trailing zeros beyond the scale are accepted ("1.500" at scale 2 → 150n).
 */
export function parseScaledDecimal(text: string, scale: number): DecimalParse {
  const m = DECIMAL_PATTERN.exec(text);
  if (m === null) return { ok: false, problem: "not-a-decimal" };
  const [, minus, intPart = "", rawFrac = ""] = m;
  const frac = rawFrac.replace(/0+$/, "");
  if (frac.length > scale) return { ok: false, problem: "too-many-decimals" };
  const intDigits = intPart.replace(/^0+(?=\d)/, "");
  if (intDigits.length > MAX_INTEGER_DIGITS) return { ok: false, problem: "too-large" };
  const magnitude = BigInt(intDigits + frac.padEnd(scale, "0"));
  return { ok: true, value: minus === "-" ? -magnitude : magnitude };
}

/** Formats a scaled integer as decimal text with exactly `scale` decimals: 1230n, 2 → "12.30". */
export function formatScaledDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const intPart = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  const body = scale === 0 ? intPart : `${intPart}.${frac}`;
  return negative ? `-${body}` : body;
}

/** Scales of the national interface's numeric data elements. */
export const Scale = {
  /** Amounts: yuan with 2 decimals → fen. */
  FEN: 2,
  /** Unit price `pric`: 6 decimals. */
  PRIC: 6,
  /** Quantity `cnt`: 4 decimals. */
  CNT: 4,
} as const;

/** Yuan text → fen: "120.50" → 12050n. */
export function parseYuanToFen(text: string): DecimalParse {
  return parseScaledDecimal(text, Scale.FEN);
}

/** Fen → yuan text with 2 decimals: 12050n → "120.50". */
export function formatFenAsYuan(fen: bigint): string {
  return formatScaledDecimal(fen, Scale.FEN);
}
