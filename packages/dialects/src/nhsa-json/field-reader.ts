import { parseScaledDecimal, Scale, type FieldViolation } from "@tongxing/domain";
import { exceedsLength, tooLargeDescription } from "../claim-validation.js";
import { NumericText } from "./numeric-text.js";

/** Violations collected before giving up on a message. */
export const MAX_VIOLATIONS = 20;

/** Options for reading one text field. Format and code-table rules of claim fields live in claim-validation. */
export interface TextRule {
  readonly required?: boolean;
  /** Longest value in characters (code points); unlimited here when the claim validation bounds the field. */
  readonly maxLength?: number;
  /** A format the value must match, and what it means for the description ("6 digits"). */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  /** Allowed values, for fields that decide how the message is read (infno, infcode). */
  readonly oneOf?: readonly string[];
}

/** Options for reading one decimal field. */
export interface DecimalRule {
  /** Whether the field must be present (a missing amount otherwise reads as 0). */
  readonly required?: boolean;
  /** Decimal places: 2 for amounts, 4 for cnt, 6 for pric. */
  readonly scale: number;
}

/**
 * Reads typed fields from a parsed JSON object, collecting every violation with its dotted
 * path instead of stopping at the first. JSON numbers arrive as {@link NumericText}, never floats.
 */
export class FieldReader {
  readonly #violations: FieldViolation[] = [];
  readonly #named = new Set<string>();

  /** The violations so far, at most {@link MAX_VIOLATIONS}. */
  get violations(): readonly FieldViolation[] {
    return this.#violations;
  }

  /** Records that `field` (a dotted message path) is wrong; past the bound it is only remembered. */
  violation(field: string, description: string): void {
    this.#named.add(field);
    if (this.#violations.length < MAX_VIOLATIONS) this.#violations.push({ field, description });
  }

  /**
   * Records a violation unless the field, or an object or list holding it, is already named: a
   * value refused for its JSON type reads as empty, and must not also be reported as missing (nor
   * its fields) by the claim validation.
   */
  violationIfNew(field: string, description: string): void {
    for (let path = field; path !== ""; path = path.slice(0, Math.max(0, path.lastIndexOf("."), path.lastIndexOf("[")))) {
      if (this.#named.has(path)) return;
    }
    this.violation(field, description);
  }

  /** The object at `path`, or undefined (with a violation when required or of the wrong type). */
  object(value: unknown, path: string, required: boolean): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.violation(path, "is required");
      return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value) || value instanceof NumericText) {
      this.violation(path, "must be an object");
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  /** A text field; JSON numbers are accepted as their literal text ("insutype": 310 → "310"). */
  text(value: unknown, path: string, rule: TextRule = {}): string {
    if (value === undefined || value === null || value === "") {
      if (rule.required === true) this.violation(path, "is required");
      return "";
    }
    let text: string;
    if (typeof value === "string") text = value;
    else if (value instanceof NumericText) text = value.text;
    else {
      this.violation(path, "must be a string");
      return "";
    }
    if (rule.maxLength !== undefined && exceedsLength(text, rule.maxLength)) {
      this.violation(path, `is longer than ${rule.maxLength} characters`);
      return "";
    }
    if (rule.pattern !== undefined && !rule.pattern.test(text)) {
      this.violation(path, `must be ${rule.patternHint ?? `like ${rule.pattern.source}`}`);
      return "";
    }
    if (rule.oneOf !== undefined && !rule.oneOf.includes(text)) {
      this.violation(path, `must be one of ${rule.oneOf.join(", ")}; got "${text.slice(0, 20)}"`);
      return "";
    }
    return text;
  }

  /**
   * An exact decimal scaled to an integer (fen for amounts). Amounts may be JSON numbers or
   * strings; either way the digits as written are judged, never rounded. Range and sign are the
   * claim validation's.
   */
  decimal(value: unknown, path: string, rule: DecimalRule): bigint {
    if (value === undefined || value === null || value === "") {
      if (rule.required === true) this.violation(path, "is required");
      return 0n;
    }
    let text: string;
    if (typeof value === "string") text = value;
    else if (value instanceof NumericText) text = value.text;
    else {
      this.violation(path, "must be a decimal number or a string holding one");
      return 0n;
    }
    const parsed = parseScaledDecimal(text, rule.scale);
    if (parsed.ok) return parsed.value;
    const what = rule.scale === Scale.FEN ? "amount" : "number";
    const echo = `"${text.slice(0, 30)}"`;
    this.violation(
      path,
      parsed.problem === "too-many-decimals"
        ? `must have at most ${rule.scale} decimal places; got ${echo}`
        : parsed.problem === "too-large"
          ? tooLargeDescription(rule.scale)
          : `is not a decimal ${what}; got ${echo}`,
    );
    return 0n;
  }

  /** Like {@link decimal}, but a missing value stays undefined: absent is not zero. */
  optionalDecimal(value: unknown, path: string, scale: number): bigint | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    return this.decimal(value, path, { scale });
  }

  /** An array at `path` (missing → empty), bounded in length. */
  array(value: unknown, path: string, maxItems: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.violation(path, "must be an array");
      return [];
    }
    if (value.length > maxItems) {
      this.violation(path, `has ${value.length} items; at most ${maxItems} are accepted`);
      return [];
    }
    return value;
  }
}
