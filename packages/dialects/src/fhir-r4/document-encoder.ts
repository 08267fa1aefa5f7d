/**
 * The generic writer: renders canonical objects as FHIR JSON along compiled rules, properties in
 * rule order. A value that cannot be carried is left out and reported under its canonical field
 * path (protobuf-es names, e.g. `person.psnName`, `feeLines[0].cntE4`); the caller decides whether
 * that is fatal (claims, replies) or not (results).
 */
import type { FieldViolation } from "@tongxing/domain";
import { LosslessNumber } from "lossless-json";
import type { CompiledRule } from "./compiled-mapping.js";
import { stepKey, type PathStep } from "./fhir-path.js";
import { hasCoding, isJsonObject, ownValue, type JsonObject } from "./json-value.js";
import { isDefaultValue, writeValue } from "./value-codec.js";

/** The written resource and the values it could not carry. */
export interface EncodedResource {
  readonly json: JsonObject;
  readonly problems: readonly FieldViolation[];
}

/** One JSON value to place, in rule order. */
interface Placement {
  readonly steps: readonly PathStep[];
  readonly value: unknown;
  /** "value" makes its path live; "with-parent" is placed only under a live parent; "ensure" only creates its element. */
  readonly kind: "value" | "with-parent" | "ensure";
}

type Source = Record<string, unknown>;

/** Renders `source` along `rules`; `currency` for Money. */
export function encodeRules(rules: readonly CompiledRule[], source: Source, currency: string): EncodedResource {
  const placements: Placement[] = [];
  const problems: FieldViolation[] = [];
  collect(rules, source, [], "", undefined, { placements, problems, currency });
  const live = new Set<string>();
  for (const p of placements) {
    if (p.kind === "with-parent") continue;
    let key = "";
    for (const step of p.steps) live.add((key += `${stepKey(step)}/`));
  }
  const json: JsonObject = {};
  for (const p of placements) {
    if (p.kind === "with-parent" && !live.has(p.steps.slice(0, -1).reduce((key, step) => `${key}${stepKey(step)}/`, ""))) continue;
    place(json, p);
  }
  return { json, problems };
}

interface Collector {
  readonly placements: Placement[];
  readonly problems: FieldViolation[];
  readonly currency: string;
}

function collect(rules: readonly CompiledRule[], source: Source, prefix: readonly PathStep[], fieldPrefix: string, position: number | undefined, out: Collector): void {
  for (const rule of rules) {
    switch (rule.kind) {
      case "field": {
        const value = getField(source, rule.rule.field);
        if (value === ABSENT) break;
        const field = fieldPrefix + rule.rule.field;
        if (isDefaultValue(value)) {
          const numeric = typeof value === "bigint" || typeof value === "number";
          if (!numeric && rule.rule.required === true) out.problems.push({ field, description: `is required by ${rule.at.path.source}; cannot be empty` });
          if (!numeric || (rule.rule.required !== true && rule.rule.emit !== "always")) break;
        }
        const written = writeValue(rule.rule.type, value, rule.scale, out.currency);
        if (written.ok) out.placements.push({ steps: [...prefix, ...rule.at.path.steps], value: written.json, kind: "value" });
        else out.problems.push({ field, description: written.problem });
        break;
      }
      case "fixed":
        out.placements.push({ steps: [...prefix, ...rule.at.path.steps], value: rule.rule.value, kind: rule.rule.write === "always" ? "value" : "with-parent" });
        break;
      case "coded": {
        const row = rule.rule.codes.find((r) => Object.entries(r.values).every(([k, v]) => getField(source, k) === v));
        if (row !== undefined) {
          out.placements.push({ steps: [...prefix, ...rule.at.path.steps], value: row.local, kind: "value" });
          break;
        }
        const keys = Object.keys(rule.rule.codes[0]?.values ?? {});
        const given = keys.map((k) => `${k}=${JSON.stringify(getField(source, k) ?? null)}`).join(", ");
        out.problems.push({ field: fieldPrefix + (keys[0] ?? ""), description: `no ${rule.at.path.source} code stands for ${given}` });
        break;
      }
      case "position":
        if (position !== undefined) out.placements.push({ steps: [...prefix, ...rule.at.path.steps], value: new LosslessNumber(String(position + 1)), kind: "value" });
        break;
      case "at-most":
        break;
      case "list": {
        const items = getField(source, rule.rule.field);
        if (!Array.isArray(items)) break;
        const field = fieldPrefix + rule.rule.field;
        if (items.length > rule.rule.maxItems) {
          out.problems.push({ field, description: `has ${items.length} entries; at most ${rule.rule.maxItems}` });
          break;
        }
        items.forEach((item: unknown, i) => {
          const steps: PathStep[] = [...prefix, { kind: "index", name: rule.name, index: i }];
          out.placements.push({ steps, value: undefined, kind: "ensure" });
          collect(rule.rules, (item ?? {}) as Source, steps, `${field}[${i}].`, i, out);
        });
        break;
      }
      default: {
        const never: never = rule;
        throw new Error(`unknown rule ${String(never)}`);
      }
    }
  }
}

/** Marks a field whose enclosing object is absent: its rule is skipped, not reported. */
const ABSENT = Symbol("absent");

function getField(source: Source, field: string): unknown {
  let at: unknown = source;
  for (const name of field.split(".")) {
    if (typeof at !== "object" || at === null) return ABSENT;
    at = (at as Source)[name];
  }
  return at;
}

/** Creates the elements along `p.steps` and sets the last one. */
function place(json: JsonObject, p: Placement): void {
  const steps = p.kind === "ensure" ? p.steps : p.steps.slice(0, -1);
  let at = json;
  for (const step of steps) at = enter(at, step);
  const last = p.steps[p.steps.length - 1];
  if (p.kind !== "ensure" && last !== undefined) at[last.name] = p.value;
}

/** The element `step` names in `object`, created (and its selector's key set) when missing. */
function enter(object: JsonObject, step: PathStep): JsonObject {
  const existing = ownValue(object, step.name);
  if (step.kind === "prop" || (step.kind === "match" && !step.many)) {
    if (isJsonObject(existing)) return existing;
    const created: JsonObject = step.kind === "prop" ? {} : { [step.key]: step.value };
    object[step.name] = created;
    return created;
  }
  const array: unknown[] = Array.isArray(existing) ? existing : [];
  object[step.name] = array;
  if (step.kind === "index") {
    while (array.length <= step.index) array.push({});
    return array[step.index] as JsonObject;
  }
  const found = array.find((e) => (step.kind === "match" ? isJsonObject(e) && e[step.key] === step.value : hasCoding(e, step.key, step.system, step.code)));
  if (isJsonObject(found)) return found;
  const created: JsonObject = step.kind === "match" ? { [step.key]: step.value } : { [step.key]: { coding: [{ system: step.system, code: step.code }] } };
  array.push(created);
  return created;
}
