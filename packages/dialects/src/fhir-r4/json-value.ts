/**
 * The shape of parsed FHIR JSON: objects, arrays, strings, booleans, null and numbers kept as
 * their source text (LosslessNumber, never a float). Properties are read as own properties only,
 * so a key such as `__proto__` or `constructor` is never taken from the prototype.
 */
import { isLosslessNumber } from "lossless-json";

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether `value` is a JSON object (not an array, a number or null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/** The own property `key` of `object`, or undefined. */
export function ownValue(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** What a JSON value is, for violation messages. */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (isLosslessNumber(value)) return "a number";
  if (typeof value === "object") return "an object";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/** Whether `entry` is an object whose CodeableConcept `key` has a coding of `system` and `code`. */
export function hasCoding(entry: unknown, key: string, system: string, code: string): boolean {
  const concept = isJsonObject(entry) ? ownValue(entry, key) : undefined;
  const codings = isJsonObject(concept) ? ownValue(concept, "coding") : undefined;
  return Array.isArray(codings) && codings.some((c) => isJsonObject(c) && ownValue(c, "system") === system && ownValue(c, "code") === code);
}
