/**
 * A mapping made ready for the codec, once per dialect: paths parsed, canonical fields checked
 * against the target's schema (a mapping that does not fit throws Error at start-up), and the
 * tables the decoder needs derived: which Tongxing extensions each element declares, and the FHIR
 * path of every canonical field for renaming the shared claim validation's violations.
 */
import { ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { displayChain, parseFhirPath, stepKey, type FhirPath } from "./fhir-path.js";
import type { AtMostRule, CodedRule, FieldRule, FixedRule, ListRule, ResourceMapping, Rule, ValueType } from "./mapping-types.js";
import { scaleOf } from "./value-codec.js";

/** The canonical kinds a field can have. */
export type FieldKind = "string" | "int64" | "int32" | "enum";

/** How the codec's target looks: resolves canonical field paths. */
export interface TargetShape {
  /** A dotted local-name path to a scalar field: its proto (snake_case) path and kind. */
  scalar(field: string): { readonly snake: string; readonly kind: FieldKind } | undefined;
  /** A repeated field of objects: its proto name and the items' shape. */
  list(field: string): { readonly snake: string; readonly item: TargetShape; readonly message?: DescMessage } | undefined;
}

/** A parsed path and, per step, the key of the element the step starts from. */
export interface CompiledPath {
  readonly path: FhirPath;
  readonly containerKeys: readonly string[];
}

/** A rule with its paths parsed. */
export type CompiledRule =
  | { readonly kind: "field"; readonly rule: FieldRule; readonly at: CompiledPath; readonly fallbacks: readonly CompiledPath[]; readonly scale: number; readonly snake: string }
  | { readonly kind: "fixed"; readonly rule: FixedRule; readonly at: CompiledPath }
  | { readonly kind: "coded"; readonly rule: CodedRule; readonly at: CompiledPath }
  | { readonly kind: "position"; readonly at: CompiledPath }
  | { readonly kind: "list"; readonly rule: ListRule; readonly name: string; readonly snake: string; readonly elements: ReadonlySet<string>; readonly rules: readonly CompiledRule[]; readonly message?: DescMessage }
  | { readonly kind: "at-most"; readonly rule: AtMostRule; readonly at: CompiledPath };

/** A resource mapping ready for the codec. */
export interface CompiledResource {
  readonly resourceType: string;
  readonly elements: ReadonlySet<string>;
  readonly rules: readonly CompiledRule[];
  /** Tongxing extension URLs declared per element key (spec §1). */
  readonly declaredExtensions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Canonical proto path with `[]` for list indexes → FHIR display chain (outermost first). */
  readonly canonicalChains: ReadonlyMap<string, readonly string[]>;
}

const KIND_OF: Readonly<Record<ValueType, FieldKind>> = {
  string: "string",
  code: "string",
  dateTime: "string",
  money: "int64",
  decimal: "int64",
  integer: "int32",
};

/** The shape of a protobuf message (fields by local name, nested messages followed). */
export function messageShape(schema: DescMessage): TargetShape {
  return {
    scalar(field) {
      const [head = "", ...rest] = field.split(".");
      const f = schema.field[head];
      if (f === undefined) return undefined;
      if (rest.length > 0) {
        if (f.fieldKind !== "message") return undefined;
        const inner = messageShape(f.message).scalar(rest.join("."));
        return inner === undefined ? undefined : { snake: `${f.name}.${inner.snake}`, kind: inner.kind };
      }
      if (f.fieldKind === "enum") return { snake: f.name, kind: "enum" };
      if (f.fieldKind !== "scalar") return undefined;
      const kind: FieldKind | undefined = f.scalar === ScalarType.STRING ? "string" : f.scalar === ScalarType.INT64 ? "int64" : f.scalar === ScalarType.INT32 ? "int32" : undefined;
      return kind === undefined ? undefined : { snake: f.name, kind };
    },
    list(field) {
      const f = schema.field[field];
      return f?.fieldKind === "list" && f.listKind === "message" ? { snake: f.name, item: messageShape(f.message), message: f.message } : undefined;
    },
  };
}

/** The shape of a plain view object: scalar fields by name, and lists of plain items. */
export function plainShape(fields: Readonly<Record<string, FieldKind>>, lists: Readonly<Record<string, TargetShape>> = {}, nested: Readonly<Record<string, DescMessage>> = {}): TargetShape {
  return {
    scalar(field) {
      const dot = field.indexOf(".");
      if (dot > 0) {
        const schema = Object.hasOwn(nested, field.slice(0, dot)) ? nested[field.slice(0, dot)] : undefined;
        const inner = schema === undefined ? undefined : messageShape(schema).scalar(field.slice(dot + 1));
        return inner === undefined ? undefined : { snake: `${field.slice(0, dot)}.${inner.snake}`, kind: inner.kind };
      }
      const kind = Object.hasOwn(fields, field) ? fields[field] : undefined;
      return kind === undefined ? undefined : { snake: field, kind };
    },
    list(field) {
      const item = Object.hasOwn(lists, field) ? lists[field] : undefined;
      return item === undefined ? undefined : { snake: field, item };
    },
  };
}

/** Compiles a resource mapping for `target`; throws Error on the first rule that does not fit. */
export function compileResource(resource: ResourceMapping, target: TargetShape, extensionBase: string): CompiledResource {
  const declared = new Map<string, Set<string>>();
  const chains = new Map<string, readonly string[]>();
  const context: CompileContext = { declared, chains, extensionBase };
  const rules = compileRules(resource.rules, target, context, { keyPrefix: "", snakePrefix: "", chain: [resource.resourceType] });
  return { resourceType: resource.resourceType, elements: new Set(resource.elements), rules, declaredExtensions: declared, canonicalChains: chains };
}

interface CompileContext {
  readonly declared: Map<string, Set<string>>;
  readonly chains: Map<string, readonly string[]>;
  readonly extensionBase: string;
}

/** Where a rule list sits: inside a list item or at the resource root. */
interface Scope {
  readonly keyPrefix: string;
  readonly snakePrefix: string;
  readonly chain: readonly string[];
}

function compileRules(rules: readonly Rule[], target: TargetShape, ctx: CompileContext, scope: Scope): CompiledRule[] {
  const seen = new Set<string>();
  const claim = (field: string): void => {
    if (seen.has(field)) throw new Error(`canonical field ${field} is mapped twice`);
    seen.add(field);
  };
  return rules.map((rule): CompiledRule => {
    switch (rule.kind) {
      case "field": {
        const found = target.scalar(rule.field);
        if (found === undefined) throw new Error(`no scalar field ${rule.field} for ${rule.path}`);
        if (found.kind !== KIND_OF[rule.type]) throw new Error(`${rule.field} is ${found.kind}, not a ${rule.type}`);
        claim(rule.field);
        const at = compilePath(rule.path, ctx, scope);
        const chain = displayChain(scope.chain, at.path);
        ctx.chains.set(scope.snakePrefix + found.snake, rule.type === "money" ? [...chain, `${chain[chain.length - 1] ?? ""}.value`] : chain);
        return { kind: "field", rule, at, fallbacks: (rule.fallback ?? []).map((p) => compilePath(p, ctx, scope)), scale: scaleOf(rule), snake: found.snake };
      }
      case "fixed": {
        const at = compilePath(rule.path, ctx, scope);
        if (rule.write === "with-parent" && at.path.steps.length < 2 && scope.keyPrefix === "") throw new Error(`fixed ${rule.path} has no parent`);
        return { kind: "fixed", rule, at };
      }
      case "coded": {
        const at = compilePath(rule.path, ctx, scope);
        if (rule.codes.length === 0) throw new Error(`coded ${rule.path} has no codes`);
        for (const row of rule.codes) {
          for (const [field, value] of Object.entries(row.values)) {
            const found = target.scalar(field);
            const fits = found !== undefined && (typeof value === "number" ? found.kind === "enum" || found.kind === "int32" : found.kind === "string");
            if (!fits) throw new Error(`code ${row.local} sets ${field}, which does not take ${typeof value}`);
            ctx.chains.set(scope.snakePrefix + found.snake, displayChain(scope.chain, at.path));
          }
        }
        return { kind: "coded", rule, at };
      }
      case "position":
        return { kind: "position", at: compilePath(rule.path, ctx, scope) };
      case "at-most":
        return { kind: "at-most", rule, at: compilePath(rule.path, ctx, scope) };
      case "list": {
        const list = target.list(rule.field);
        if (list === undefined) throw new Error(`no repeated field ${rule.field} for ${rule.path}`);
        if (!/^[A-Za-z]+$/.test(rule.path)) throw new Error(`list path ${rule.path} must be one element name`);
        claim(rule.field);
        const base = `${scope.chain[scope.chain.length - 1] ?? ""}.${rule.path}`;
        ctx.chains.set(scope.snakePrefix + list.snake, [...scope.chain, base]);
        const inner: Scope = { keyPrefix: `${scope.keyPrefix}${rule.path}[]/`, snakePrefix: `${scope.snakePrefix}${list.snake}[].`, chain: [...scope.chain, base, `${base}[]`] };
        const rules = compileRules(rule.rules, list.item, ctx, inner);
        return { kind: "list", rule, name: rule.path, snake: list.snake, elements: new Set(rule.elements), rules, ...(list.message === undefined ? {} : { message: list.message }) };
      }
      default: {
        const never: never = rule;
        throw new Error(`unknown rule ${String(never)}`);
      }
    }
  });
}

/** Parses a path, recording the Tongxing extensions it declares on the element they sit on. */
function compilePath(text: string, ctx: CompileContext, scope: Scope): CompiledPath {
  const path = parseFhirPath(text);
  const last = path.steps[path.steps.length - 1];
  if (last?.kind !== "prop") throw new Error(`path ${text} must end in an element name`);
  const containerKeys: string[] = [];
  let key = scope.keyPrefix;
  for (const step of path.steps) {
    containerKeys.push(key);
    if (step.kind === "match" && step.name === "extension" && step.key === "url" && step.value.startsWith(ctx.extensionBase)) {
      const urls = ctx.declared.get(key) ?? new Set<string>();
      urls.add(step.value);
      ctx.declared.set(key, urls);
    }
    key = `${key}${stepKey(step)}/`;
  }
  return { path, containerKeys };
}
