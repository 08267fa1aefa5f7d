/**
 * The generic reader: walks parsed FHIR JSON along compiled rules and fills canonical objects,
 * recording every problem under its FHIRPath-like display. Knows nothing of claims.
 */
import { create } from "@bufbuild/protobuf";
import { isLosslessNumber } from "lossless-json";
import type { CompiledPath, CompiledRule } from "./compiled-mapping.js";
import { displayChain, type PathStep } from "./fhir-path.js";
import { hasCoding, isJsonObject, jsonKind, ownValue, type JsonObject } from "./json-value.js";
import { checkElements } from "./resource-screen.js";
import { isPositiveInt, readValue, type ValueContext } from "./value-codec.js";
import type { ViolationList } from "./violation-list.js";

/** What the reader needs besides the rules. */
export interface DecodeContext {
  readonly resourceType: string;
  readonly violations: ViolationList;
  readonly values: ValueContext;
  readonly extensionBase: string;
  readonly declaredExtensions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Extension arrays already screened. */
  readonly screened: WeakSet<object>;
  /** Canonical proto paths read from a fallback path → the display chain they were read from. */
  readonly fallbackChains: Map<string, readonly string[]>;
}

/** Where rules are read: the display chain of the object and the canonical path prefix of its target. */
export interface DecodeScope {
  readonly chain: readonly string[];
  readonly snakePrefix: string;
}

type Target = Record<string, unknown>;
type Located = { readonly state: "found"; readonly value: unknown } | { readonly state: "absent" } | { readonly state: "invalid" };

const ABSENT: Located = { state: "absent" };
const INVALID: Located = { state: "invalid" };
const VALUE_KEY = /^value[A-Z]/;

/** Reads `json` into `target` as `rules` say. */
export function decodeRules(rules: readonly CompiledRule[], json: JsonObject, target: Target, scope: DecodeScope, ctx: DecodeContext): void {
  for (const rule of rules) {
    switch (rule.kind) {
      case "field": {
        let found = locate(json, rule.at, scope.chain, ctx);
        let from = rule.at;
        for (const alt of rule.fallbacks) {
          if (found.state !== "absent") break;
          found = locate(json, alt, scope.chain, ctx);
          from = alt;
        }
        if (found.state === "invalid") break;
        const raw = found.state === "found" ? found.value : undefined;
        if (raw === undefined || raw === "") {
          const also = rule.fallbacks.length === 0 ? "" : `; read from ${rule.fallbacks.map((f) => f.path.source).join(", ")} when absent`;
          if (rule.rule.required === true) ctx.violations.add(displayChain(scope.chain, rule.at.path), `is required (carries ${rule.snake}${also})`);
          break;
        }
        const chain = displayChain(scope.chain, from.path);
        if (from !== rule.at) ctx.fallbackChains.set(scope.snakePrefix + rule.snake, chain);
        const read = readValue(rule.rule.type, raw, rule.scale, ctx.values);
        if (read.ok) setField(target, rule.rule.field, read.value);
        else for (const p of read.problems) ctx.violations.add(p.suffix === "" ? chain : [...chain, `${chain[chain.length - 1] ?? ""}${p.suffix}`], p.description);
        break;
      }
      case "fixed": {
        if (rule.rule.read === "ignored") break;
        const found = locate(json, rule.at, scope.chain, ctx);
        const want = rule.rule.value;
        if (found.state === "absent" && rule.rule.read === "required") ctx.violations.add(displayChain(scope.chain, rule.at.path), `is required (${JSON.stringify(want)})`);
        else if (found.state === "found" && !equalsFixed(found.value, want)) {
          ctx.violations.add(displayChain(scope.chain, rule.at.path), `must be ${JSON.stringify(want)}; got ${describe(found.value)}`);
        }
        break;
      }
      case "coded": {
        const found = locate(json, rule.at, scope.chain, ctx);
        const chain = displayChain(scope.chain, rule.at.path);
        const expected = rule.rule.codes.map((r) => `${r.local} (${r.label})`).join(", ");
        if (found.state === "absent" && rule.rule.required === true) ctx.violations.add(chain, `is required (one of ${expected})`);
        if (found.state !== "found") break;
        const read = readValue("code", found.value, 0, ctx.values);
        const row = read.ok ? rule.rule.codes.find((r) => r.local === read.value) : undefined;
        if (!read.ok) ctx.violations.add(chain, read.problems[0]?.description ?? "is not a code");
        else if (row === undefined) ctx.violations.add(chain, `unknown code ${JSON.stringify(String(read.value).slice(0, 30))}; expected one of ${expected}`);
        else for (const [field, value] of Object.entries(row.values)) setField(target, field, value);
        break;
      }
      case "position": {
        const found = locate(json, rule.at, scope.chain, ctx);
        const chain = displayChain(scope.chain, rule.at.path);
        if (found.state === "absent") ctx.violations.add(chain, "is required (a positive integer)");
        else if (found.state === "found" && !isPositiveInt(found.value)) ctx.violations.add(chain, `must be a positive integer; got ${describe(found.value)}`);
        break;
      }
      case "at-most": {
        const found = locate(json, rule.at, scope.chain, ctx);
        if (found.state === "found" && Array.isArray(found.value) && found.value.length > rule.rule.max) {
          ctx.violations.add(displayChain(scope.chain, rule.at.path), `has ${found.value.length} entries; at most ${rule.rule.max}: ${rule.rule.why}`);
        }
        break;
      }
      case "list": {
        const listDisplay = `${scope.chain[scope.chain.length - 1] ?? ""}.${rule.name}`;
        const listChain = [...scope.chain, listDisplay];
        const raw = ownValue(json, rule.name);
        const items: Target[] = [];
        target[rule.rule.field] = items;
        if (raw === undefined) break;
        if (!Array.isArray(raw)) {
          ctx.violations.add(listChain, `must be an array; got ${jsonKind(raw)}`);
          break;
        }
        if (raw.length > rule.rule.maxItems) {
          ctx.violations.add(listChain, `has ${raw.length} entries; at most ${rule.rule.maxItems} are accepted`);
          break;
        }
        raw.forEach((entry: unknown, i) => {
          const chain = [...listChain, `${listDisplay}[${i}]`];
          const item = (rule.message === undefined ? {} : create(rule.message)) as Target;
          items.push(item);
          if (!isJsonObject(entry)) return ctx.violations.add(chain, `must be a JSON object; got ${jsonKind(entry)}`);
          checkElements(entry, rule.elements, chain, `the FHIR R4 ${ctx.resourceType}.${rule.name}`, ctx.violations);
          decodeRules(rule.rules, entry, item, { chain, snakePrefix: `${scope.snakePrefix}${rule.snake}[${i}].` }, ctx);
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

/** Sets a dotted field path on `target`, creating plain objects on the way. */
function setField(target: Target, field: string, value: unknown): void {
  const names = field.split(".");
  let at = target;
  for (const name of names.slice(0, -1)) {
    let next = at[name];
    if (typeof next !== "object" || next === null) at[name] = next = {};
    at = next as Target;
  }
  at[names[names.length - 1] ?? field] = value;
}

/** The display chain of the first `n` steps of `at` under `base`. */
function chainTo(base: readonly string[], at: CompiledPath, n: number): string[] {
  return displayChain(base, { source: at.path.source, steps: at.path.steps.slice(0, n) });
}

/** The chain to step `i`'s element name (before its selector). */
function nameChain(base: readonly string[], at: CompiledPath, i: number, step: PathStep): string[] {
  const chain = chainTo(base, at, i);
  return [...chain, `${chain[chain.length - 1] ?? ""}.${step.name}`];
}

/** Follows `at` from `root`; a structural problem on the way is reported once and reads as invalid. */
function locate(root: JsonObject, at: CompiledPath, base: readonly string[], ctx: DecodeContext): Located {
  const steps = at.path.steps;
  let current: unknown = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PathStep;
    if (!isJsonObject(current)) {
      ctx.violations.add(chainTo(base, at, i), `must be a JSON object; got ${jsonKind(current)}`);
      return INVALID;
    }
    const raw = ownValue(current, step.name);
    if (raw === undefined) return ABSENT;
    if (step.kind === "prop") {
      current = raw;
      continue;
    }
    if (step.kind === "match" && !step.many) {
      if (!isJsonObject(raw)) return invalid(ctx, nameChain(base, at, i, step), `must be a JSON object; got ${jsonKind(raw)}`);
      if (ownValue(raw, step.key) !== step.value) return ABSENT;
      current = raw;
      continue;
    }
    if (!Array.isArray(raw)) return invalid(ctx, nameChain(base, at, i, step), `must be an array; got ${jsonKind(raw)}`);
    if (step.kind === "index") {
      current = raw[step.index];
      if (current === undefined) return ABSENT;
      continue;
    }
    if (step.kind === "match" && step.name === "extension") screenExtensions(raw, at.containerKeys[i] ?? "", nameChain(base, at, i, step), ctx);
    const hits = raw.filter((entry) => (step.kind === "match" ? isJsonObject(entry) && ownValue(entry, step.key) === step.value : hasCoding(entry, step.key, step.system, step.code)));
    if (hits.length === 0) return ABSENT;
    if (hits.length > 1) return invalid(ctx, chainTo(base, at, i + 1), `appears ${hits.length} times; at most once`);
    current = hits[0];
    const next = steps[i + 1];
    if (step.kind === "match" && step.name === "extension" && next?.kind === "prop" && VALUE_KEY.test(next.name)) {
      const values = Object.keys(current as JsonObject).filter((k) => VALUE_KEY.test(k));
      if (values.length > 1) return invalid(ctx, chainTo(base, at, i + 1), `has ${values.length} value[x] elements; an extension has one`);
      if (values.length === 1 && values[0] !== next.name) return invalid(ctx, chainTo(base, at, i + 1), `carries ${values[0] ?? ""}; expected ${next.name}`);
    }
  }
  return current === undefined ? ABSENT : { state: "found", value: current };
}

function invalid(ctx: DecodeContext, chain: readonly string[], description: string): Located {
  ctx.violations.add(chain, description);
  return INVALID;
}

/**
 * Screens an `extension` array once: every entry has a URL, and a Tongxing URL must be one the
 * mapping declares on this element (a misspelt one must not be dropped silently).
 */
function screenExtensions(entries: readonly unknown[], containerKey: string, chain: readonly string[], ctx: DecodeContext): void {
  if (ctx.screened.has(entries)) return;
  ctx.screened.add(entries);
  const at = chain[chain.length - 1] ?? "";
  entries.forEach((entry, i) => {
    const url = isJsonObject(entry) ? ownValue(entry, "url") : undefined;
    if (typeof url !== "string") ctx.violations.add([...chain, `${at}[${i}]`], "must be an extension with a url");
    else if (url.startsWith(ctx.extensionBase) && ctx.declaredExtensions.get(containerKey)?.has(url) !== true) {
      ctx.violations.add([...chain, `${at}[${i}]`], `is not a Tongxing extension defined on this element: ${url.slice(0, 120)}`);
    }
  });
}

function equalsFixed(raw: unknown, want: string | number | boolean): boolean {
  return typeof want === "number" ? isLosslessNumber(raw) && raw.value === String(want) : raw === want;
}

function describe(raw: unknown): string {
  if (typeof raw === "string") return JSON.stringify(raw.slice(0, 40));
  if (isLosslessNumber(raw)) return raw.value.slice(0, 30);
  return typeof raw === "boolean" ? String(raw) : jsonKind(raw);
}
