/**
 * Reads one FHIR resource into a canonical target: payload checks (json-payload.ts), the resource
 * screen (resource-screen.ts), then the mapping's rules. Violations are collected, not thrown, so
 * the caller can add its own checks before throwing them all.
 */
import type { CompiledResource } from "./compiled-mapping.js";
import { decodeRules } from "./document-decoder.js";
import { parseJsonPayload } from "./json-payload.js";
import type { FhirR4Mapping } from "./mapping-types.js";
import { screenResource } from "./resource-screen.js";
import { ViolationList } from "./violation-list.js";

/** What reading found besides the values it set. */
export interface ResourceRead {
  readonly violations: ViolationList;
  /** Canonical proto paths read from a fallback path → the display chain they were read from. */
  readonly fallbackChains: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads `payload` as `resource` into `target`. Problems with the payload as a whole (size,
 * encoding, depth, JSON, resource type) throw InvalidInputError at once; field problems are
 * returned in the list.
 */
export function readResource(payload: Uint8Array, resource: CompiledResource, target: Record<string, unknown>, mapping: FhirR4Mapping): ResourceRead {
  const parsed = parseJsonPayload(payload, mapping.limits);
  const violations = new ViolationList(mapping.limits.maxViolations);
  const root = screenResource(parsed, resource, violations);
  const fallbackChains = new Map<string, readonly string[]>();
  decodeRules(resource.rules, root, target, { chain: [resource.resourceType], snakePrefix: "" }, {
    resourceType: resource.resourceType,
    violations,
    values: { maxTextLength: mapping.limits.maxTextLength, currency: mapping.currency },
    extensionBase: mapping.extensionBase,
    declaredExtensions: resource.declaredExtensions,
    screened: new WeakSet(),
    fallbackChains,
  });
  return { violations, fallbackChains };
}

/**
 * The FHIR display chain of a canonical proto path (`person.psn_no`, `fee_lines[3].cnt_e4`), for
 * reporting a canonical violation where its value came from; the path itself when unmapped.
 */
export function canonicalChain(field: string, resource: CompiledResource, read: ResourceRead): readonly string[] {
  const fallback = read.fallbackChains.get(field);
  if (fallback !== undefined) return fallback;
  const m = /^([a-z_]+)\[(\d+)\](.*)$/.exec(field);
  const chain = resource.canonicalChains.get(m === null ? field : `${m[1] ?? ""}[]${m[3] ?? ""}`);
  if (chain === undefined) return [field];
  return m === null ? chain : chain.map((display) => display.replace("[]", `[${m[2] ?? ""}]`));
}
