/**
 * Violations of one message, each field named once: a field refused (wrong JSON type, missing)
 * silences every later report on it or on anything inside it, so one problem is one violation.
 */
import { InvalidInputError, type FieldViolation } from "@tongxing/domain";

/** Collects violations up to a bound; past it they are only counted. */
export class ViolationList {
  readonly #violations: FieldViolation[] = [];
  readonly #named = new Set<string>();
  readonly #max: number;
  #dropped = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /**
   * Reports `description` on the last field of `chain` (the displays of the field and of its
   * enclosing elements, outermost first) unless one of them is already named.
   */
  add(chain: readonly string[], description: string): void {
    if (chain.some((field) => this.#named.has(field))) return;
    const field = chain[chain.length - 1] ?? "payload";
    this.#named.add(field);
    if (this.#violations.length < this.#max) this.#violations.push({ field, description });
    else this.#dropped++;
  }

  /** How many violations were reported. */
  get size(): number {
    return this.#violations.length + this.#dropped;
  }

  /** Throws every violation as one InvalidInputError, if there are any. */
  throwIfAny(): void {
    if (this.size === 0) return;
    const more = this.#dropped === 0 ? [] : [{ field: "payload", description: `${this.#dropped} more violations are not listed` }];
    throw new InvalidInputError([...this.#violations, ...more]);
  }
}
