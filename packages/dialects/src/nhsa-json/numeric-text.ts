/**
 * A JSON number kept as its source text, so "120.50" or 12.345 are judged exactly as written
 * and never pass through a float.
 */
export class NumericText {
  constructor(readonly text: string) {}
}
