import { parseScaledDecimal, type FieldViolation } from "@tongxing/domain";
import { NumericText } from "./numeric-text.js";

/** Longest string accepted for a field without a tighter limit of its own. */
export const DEFAULT_MAX_STRING = 200;
/** Violations collected before giving up on a message. */
const MAX_VIOLATIONS = 20;

/** Options for reading one text field. */
export interface TextRule {
  readonly required?: boolean;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** What the pattern means, for the error ("6 digits"). */
  readonly patternHint?: string;
  /** Allowed values (code tables). */
  readonly oneOf?: readonly string[];
}

/** Options for reading one decimal field. */
export interface DecimalRule {
  readonly required?: boolean;
  /** Decimal places: 2 for amounts, 4 for cnt, 6 for pric. */
  readonly scale: number;
  readonly nonNegative?: boolean;
}

/**
 * Reads typed fields from a parsed JSON object, collecting every violation with its dotted
 * path instead of stopping at the first. Numbers are {@link NumericText}, never floats.
 */
export class FieldReader {
  readonly violations: FieldViolation[] = [];

  violation(field: string, description: string): void {
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push({ field, description });
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

  /** A text field; JSON numbers are accepted as their literal text ("insutype": 310). */
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
    const max = rule.maxLength ?? DEFAULT_MAX_STRING;
    if (text.length > max) {
      this.violation(path, `is longer than ${max} characters`);
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

  /** An exact decimal scaled to an integer; amounts may be JSON numbers or strings. */
  decimal(value: unknown, path: string, rule: DecimalRule): bigint {
    if (value === undefined || value === null || value === "") {
      if (rule.required === true) this.violation(path, "is required");
      return 0n;
    }
    let text: string;
    if (typeof value === "string") text = value.trim();
    else if (value instanceof NumericText) text = value.text;
    else {
      this.violation(path, "must be a decimal number or a string holding one");
      return 0n;
    }
    const parsed = parseScaledDecimal(text, rule.scale);
    if (!parsed.ok) {
      const why =
        parsed.problem === "too-many-decimals"
          ? `has more than ${rule.scale} decimal places ("${text.slice(0, 30)}")`
          : parsed.problem === "too-large"
            ? "is too large"
            : `is not a decimal number ("${text.slice(0, 30)}")`;
      this.violation(path, why);
      return 0n;
    }
    if (rule.nonNegative === true && parsed.value < 0n) {
      this.violation(path, "must not be negative");
      return 0n;
    }
    return parsed.value;
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

