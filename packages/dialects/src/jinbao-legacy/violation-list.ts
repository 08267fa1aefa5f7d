/**
 * Collects field violations up to a limit; the rest are counted in one more violation on
 * `payload`. An exact repeat (same field, same description) is kept once. Thrown as one
 * InvalidInputError.
 */
import { InvalidInputError, type FieldViolation } from "@tongxing/domain";

/** A bounded list of violations. */
export interface ViolationList {
  add(field: string, description: string): void;
  /** Violations added so far, those beyond the limit included. */
  readonly count: number;
  /** Throws the InvalidInputError of every violation added, when there is any. */
  throwIfAny(): void;
}

/** A list keeping the first `max` violations. */
export function createViolationList(max: number): ViolationList {
  const kept: FieldViolation[] = [];
  const seen = new Set<string>();
  let count = 0;
  return {
    add(field, description) {
      const key = `${field}\n${description}`;
      if (seen.has(key)) return;
      seen.add(key);
      count += 1;
      if (kept.length < max) kept.push({ field, description });
    },
    get count() {
      return count;
    },
    throwIfAny() {
      if (count === 0) return;
      const left = count - kept.length;
      throw new InvalidInputError(left > 0 ? [...kept, { field: "payload", description: `${left} more violations not listed` }] : kept);
    },
  };
}
