/**
 * The path language of a fhir-r4 mapping: a dot-separated list of steps, each an element name
 * with an optional selector. Paths are parsed once, when a dialect is created; violations show
 * them FHIRPath-like (`extension('URL')`, `identifier.where(system='URI')`).
 *
 *   name              the property `name`
 *   name[3]           entry 3 of the array `name`
 *   name[key=value]   the entry of the array `name` whose `key` is the string `value`
 *   name{key=value}   the object `name`, when its `key` is `value` (a single Identifier)
 *   name[key~s|c]     the entry of the array `name` whose CodeableConcept `key` has coding (s, c)
 */

/** One step of a path. */
export type PathStep =
  | { readonly kind: "prop"; readonly name: string }
  | { readonly kind: "index"; readonly name: string; readonly index: number }
  | { readonly kind: "match"; readonly name: string; readonly key: string; readonly value: string; readonly many: boolean }
  | { readonly kind: "concept"; readonly name: string; readonly key: string; readonly system: string; readonly code: string };

/** A parsed path. */
export interface FhirPath {
  readonly source: string;
  readonly steps: readonly PathStep[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDEX = /^\d{1,4}$/;

/** Parses `text`; throws Error naming the path when it is malformed (a mapping bug, found at start-up). */
export function parseFhirPath(text: string): FhirPath {
  const steps: PathStep[] = [];
  let rest = text;
  while (rest !== "") {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m === null) throw new Error(`malformed FHIR path "${text}" at "${rest}"`);
    const name = m[1] ?? "";
    rest = rest.slice(name.length);
    const open = rest[0];
    if (open === "[" || open === "{") {
      const close = rest.indexOf(open === "[" ? "]" : "}");
      if (close < 0) throw new Error(`malformed FHIR path "${text}": unclosed ${open}`);
      steps.push(selector(name, rest.slice(1, close), open === "[", text));
      rest = rest.slice(close + 1);
    } else {
      steps.push({ kind: "prop", name });
    }
    if (rest.startsWith(".")) {
      rest = rest.slice(1);
      if (rest === "") throw new Error(`malformed FHIR path "${text}": trailing dot`);
    } else if (rest !== "") {
      throw new Error(`malformed FHIR path "${text}" at "${rest}"`);
    }
  }
  if (steps.length === 0) throw new Error("empty FHIR path");
  return { source: text, steps };
}

function selector(name: string, body: string, array: boolean, text: string): PathStep {
  if (INDEX.test(body)) {
    if (!array) throw new Error(`malformed FHIR path "${text}": an index needs [ ]`);
    return { kind: "index", name, index: Number(body) };
  }
  const tilde = body.indexOf("~");
  const equals = body.indexOf("=");
  if (tilde > 0 && (equals < 0 || tilde < equals)) {
    const key = body.slice(0, tilde);
    const [system = "", code = "", ...more] = body.slice(tilde + 1).split("|");
    if (!NAME.test(key) || system === "" || code === "" || more.length > 0 || !array) throw new Error(`malformed concept selector in "${text}"`);
    return { kind: "concept", name, key, system, code };
  }
  const key = body.slice(0, equals);
  const value = body.slice(equals + 1);
  if (equals <= 0 || !NAME.test(key) || value === "") throw new Error(`malformed selector in "${text}"`);
  return { kind: "match", name, key, value, many: array };
}

/** How a step reads in a violation's field path. */
export function stepDisplay(step: PathStep): string {
  switch (step.kind) {
    case "prop":
      return step.name;
    case "index":
      return `${step.name}[${step.index}]`;
    case "match":
      return step.name === "extension" && step.key === "url" ? `extension('${step.value}')` : `${step.name}.where(${step.key}='${step.value}')`;
    case "concept":
      return `${step.name}.where(${step.key}='${step.system}|${step.code}')`;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${String(never)}`);
    }
  }
}

/** The displays of a path's prefixes under `base`: [base, base.step1, base.step1.step2, …]. */
export function displayChain(base: readonly string[], path: FhirPath): string[] {
  const chain = [...base];
  let at = chain[chain.length - 1] ?? "";
  for (const step of path.steps) {
    at = `${at}.${stepDisplay(step)}`;
    chain.push(at);
  }
  return chain;
}

/** A key identifying the element a path prefix reaches (equal keys, same element). */
export function stepKey(step: PathStep): string {
  switch (step.kind) {
    case "prop":
      return step.name;
    case "index":
      return `${step.name}#${step.index}`;
    case "match":
      return `${step.name}${step.many ? "[" : "{"}${step.key}=${step.value}`;
    case "concept":
      return `${step.name}[${step.key}~${step.system}|${step.code}`;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${String(never)}`);
    }
  }
}
