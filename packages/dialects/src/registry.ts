import { InvalidInputError } from "@tongxing/domain";
import { canonicalDialect } from "./canonical.js";
import type { Dialect } from "./dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";

/** The dialects this translator speaks, by name. */
export interface DialectRegistry {
  /** The dialect called `name` (exact match); throws InvalidInputError on field `dialect` otherwise. */
  get(name: string): Dialect;
  /** Every registered name, in registration order. */
  names(): string[];
}

/**
 * The registry of `dialects` (by default every dialect the translator ships). An unknown name is
 * the caller's error: InvalidInputError on `dialect`, listing the known names so that a
 * misconfigured client can tell what to send.
 */
export function createDialectRegistry(dialects: readonly Dialect[] = [canonicalDialect, nhsaJsonDialect, xmlEsbDialect, jinbaoLegacyDialect, fhirR4Dialect]): DialectRegistry {
  const byName = new Map(dialects.map((d) => [d.name, d]));
  return {
    get(name) {
      const d = byName.get(name);
      if (d === undefined) {
        // The name is echoed, bounded: it comes from the request.
        throw InvalidInputError.of("dialect", `unknown dialect "${name.slice(0, 40)}"; known: ${[...byName.keys()].join(", ")}`);
      }
      return d;
    },
    names: () => [...byName.keys()],
  };
}
