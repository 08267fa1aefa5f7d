/**
 * The resource-level checks of spec §1, before any field is mapped: the resource type, the element
 * names, and modifier extensions (which the hub understands none of, so FHIR requires refusing).
 */
import { InvalidInputError } from "@tongxing/domain";
import type { CompiledResource } from "./compiled-mapping.js";
import { isJsonObject, jsonKind, ownValue, type JsonObject } from "./json-value.js";
import type { ViolationList } from "./violation-list.js";

/** The parsed payload as the resource `resource` describes; throws InvalidInputError when it is another one. */
export function screenResource(parsed: unknown, resource: CompiledResource, violations: ViolationList): JsonObject {
  const type = resource.resourceType;
  if (!isJsonObject(parsed)) throw InvalidInputError.of("payload", `must be a JSON object (a FHIR ${type} resource); got ${jsonKind(parsed)}`);
  const given = ownValue(parsed, "resourceType");
  if (given !== type) {
    const got = typeof given === "string" ? `"${given.slice(0, 40)}"` : given === undefined ? "nothing" : jsonKind(given);
    const hint = given === "Bundle" ? " (send the resource itself, not a Bundle)" : "";
    throw InvalidInputError.of(`${type}.resourceType`, `must be "${type}"; got ${got}${hint}`);
  }
  checkElements(parsed, resource.elements, [type], `the FHIR R4 ${type}`, violations);
  for (const [key, value] of Object.entries(parsed)) {
    // Contained resources are not read, so their modifiers do not change what the hub reads.
    if (key !== "contained") findModifierExtensions(value, `${type}.${key}`, key, violations);
  }
  return parsed;
}

/** Reports every property of `object` that is not one of `elements` (or its `_element` companion). */
export function checkElements(object: JsonObject, elements: ReadonlySet<string>, chain: readonly string[], what: string, violations: ViolationList): void {
  const at = chain[chain.length - 1] ?? "";
  for (const key of Object.keys(object)) {
    const name = key.startsWith("_") ? key.slice(1) : key;
    if (!elements.has(name)) violations.add([...chain, `${at}.${key}`], `is not an element of ${what}`);
  }
}

function findModifierExtensions(value: unknown, display: string, key: string, violations: ViolationList): void {
  if (key === "modifierExtension") {
    violations.add([display], "is a modifier extension the hub does not understand; FHIR requires refusing the resource");
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => findModifierExtensions(item, `${display}[${i}]`, "", violations));
  } else if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) findModifierExtensions(v, `${display}.${k}`, k, violations);
  }
}
