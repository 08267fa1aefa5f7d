/**
 * Collects the field violations of one message, up to a bound; past it they are only counted,
 * and one more violation on `payload` says how many were left out.
 */
import { InvalidInputError, type FieldViolation } from "@tongxing/domain";

/** The violations of one message being read or written. */
export class ViolationList {
  readonly #max: number;
  readonly #items: FieldViolation[] = [];
  #dropped = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Records that `field` (an XML path, or a canonical field when writing) is wrong. */
  add(field: string, description: string): void {
    if (this.#items.length < this.#max) this.#items.push({ field, description });
    else this.#dropped += 1;
  }

  get isEmpty(): boolean {
    return this.#items.length === 0;
  }

  /** Everything recorded, with the overflow note last. */
  list(): FieldViolation[] {
    return this.#dropped === 0 ? [...this.#items] : [...this.#items, { field: "payload", description: `${this.#dropped} more violations not listed` }];
  }

  /** Throws an InvalidInputError carrying the violations, if there are any. */
  throwIfAny(): void {
    if (!this.isEmpty) throw new InvalidInputError(this.list());
  }
}
