import { InvalidInputError } from "@tongxing/domain";
import { canonicalDialect } from "./canonical.js";
import type { Dialect } from "./dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

/** The dialects this translator speaks, by name. */
export interface DialectRegistry {
  get(name: string): Dialect;
  names(): string[];
}

export function createDialectRegistry(dialects: readonly Dialect[] = [canonicalDialect, nhsaJsonDialect, xmlEsbDialect]): DialectRegistry {
  const byName = new Map(dialects.map((d) => [d.name, d]));
  return {
    get(name) {
      const d = byName.get(name);
      if (d === undefined) {
        throw InvalidInputError.of("dialect", `unknown dialect "${name.slice(0, 40)}"; known: ${[...byName.keys()].join(", ")}`);
      }
      return d;
    },
    names: () => [...byName.keys()],
  };
}
