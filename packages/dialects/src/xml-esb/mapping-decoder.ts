/**
 * The generic reader: walks an element tree along a mapping's rules and fills canonical objects,
 * recording every problem under the offending element's XML path. Knows nothing of claims.
 */
import { create } from "@bufbuild/protobuf";
import { defaultLeafValue, isExactText, parseLeafValue } from "./field-value.js";
import type { ElementRule, GroupRule, LeafRule, ListRule } from "./mapping-types.js";
import type { ViolationList } from "./violation-list.js";
import { decodeXmlReferences, isXmlSpace, trimXmlSpace } from "./xml-text.js";
import type { XmlElement } from "./xml-tree.js";

/** What the reader needs besides the rules. */
export interface DecodeContext {
  readonly violations: ViolationList;
  /** Longest raw text or attribute value of any element. */
  readonly maxTextLength: number;
}

/** An object being filled: a protobuf-es message or a plain view. */
type Target = Record<string, unknown>;

const NAMESPACE_ATTRIBUTE = /^xmlns(?::|$)/;

/** Reads the children of `element` (at XML path `path`) into `target` as `rule` says. */
export function decodeGroup(rule: GroupRule, element: XmlElement, target: Target, path: string, ctx: DecodeContext): void {
  checkAttributes(element, path, [], ctx);
  checkNoText(element, path, ctx);
  const byName = new Map<string, XmlElement[]>();
  for (const child of element.children) {
    const same = byName.get(child.name);
    if (same === undefined) byName.set(child.name, [child]);
    else same.push(child);
  }
  const known = new Set(rule.children.map((r) => r.element));
  for (const name of byName.keys()) if (!known.has(name)) ctx.violations.add(`${path}/${name}`, "unknown element");
  for (const child of rule.children) {
    const found = byName.get(child.element) ?? [];
    const childPath = `${path}/${child.element}`;
    if (found.length > 1) {
      ctx.violations.add(childPath, `repeated ${found.length} times; expected once`);
      continue;
    }
    decodeRule(child, found[0], target, childPath, ctx);
  }
}

function decodeRule(rule: ElementRule, element: XmlElement | undefined, target: Target, path: string, ctx: DecodeContext): void {
  switch (rule.kind) {
    case "leaf":
      return decodeLeaf(rule, element, target, path, ctx);
    case "list":
      return decodeList(rule, element, target, path, ctx);
    case "group": {
      if (element === undefined) {
        if (rule.required === true) ctx.violations.add(path, "required element is missing");
        return;
      }
      if (rule.field === undefined) return decodeGroup(rule, element, target, path, ctx);
      const inner: Target = rule.message === undefined ? {} : (create(rule.message) as unknown as Target);
      decodeGroup(rule, element, inner, path, ctx);
      target[rule.field] = inner;
      return;
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown rule ${String(never)}`);
    }
  }
}

function decodeLeaf(rule: LeafRule, element: XmlElement | undefined, target: Target, path: string, ctx: DecodeContext): void {
  if (element === undefined) {
    if (rule.required === true) ctx.violations.add(path, "required element is missing");
    else if (rule.presence !== true) setDefault(rule, target);
    return;
  }
  checkAttributes(element, path, [], ctx);
  if (element.children.length > 0) {
    ctx.violations.add(path, "a value element cannot contain elements");
    return;
  }
  const raw = textOf(element, path, ctx);
  if (raw === undefined) return;
  const text = isExactText(rule.type) ? raw : trimXmlSpace(raw);
  if (text === "") {
    if (rule.required === true) ctx.violations.add(path, "required element is empty");
    else if (rule.type === "text" || rule.type === "code") setDefault(rule, target);
    else ctx.violations.add(path, "empty; give a value or leave the element out");
    return;
  }
  const parsed = parseLeafValue(rule, text);
  if (!parsed.ok) {
    ctx.violations.add(path, parsed.problem);
    return;
  }
  if (rule.codes !== undefined) {
    const row = rule.codes.find((r) => r.local === parsed.value);
    if (row === undefined) ctx.violations.add(path, `unknown code ${JSON.stringify(parsed.value)}; expected one of ${rule.codes.map((r) => r.local).join(", ")}`);
    else Object.assign(target, row.values);
    return;
  }
  if (rule.field !== undefined) target[rule.field] = parsed.value;
}

function decodeList(rule: ListRule, element: XmlElement | undefined, target: Target, path: string, ctx: DecodeContext): void {
  target[rule.field] = [];
  if (element === undefined) return;
  checkAttributes(element, path, rule.countAttribute === undefined ? [] : [rule.countAttribute], ctx);
  checkNoText(element, path, ctx);
  const items = element.children.filter((c) => c.name === rule.item);
  const strangers = new Set(element.children.filter((c) => c.name !== rule.item).map((c) => c.name));
  for (const name of strangers) ctx.violations.add(`${path}/${name}`, "unknown element");
  if (items.length > rule.maxItems) {
    ctx.violations.add(path, `${items.length} ${rule.item} elements; at most ${rule.maxItems}`);
    return;
  }
  const count = rule.countAttribute === undefined ? undefined : element.attributes.get(rule.countAttribute);
  if (count !== undefined && (!/^\d{1,7}$/.test(trimXmlSpace(count)) || Number(trimXmlSpace(count)) !== items.length)) {
    ctx.violations.add(`${path}/@${rule.countAttribute ?? ""}`, `says ${JSON.stringify(count.slice(0, 20))} but ${items.length} ${rule.item} elements follow`);
  }
  const group: GroupRule = { kind: "group", element: rule.item, children: rule.children };
  target[rule.field] = items.map((item, i) => {
    const inner = create(rule.message) as unknown as Target;
    decodeGroup(group, item, inner, `${path}/${rule.item}[${i + 1}]`, ctx);
    return inner;
  });
}

function setDefault(rule: LeafRule, target: Target): void {
  if (rule.field !== undefined && rule.codes === undefined) target[rule.field] = defaultLeafValue(rule.type);
}

/** The element's character data with references decoded, or undefined after a violation. */
function textOf(element: XmlElement, path: string, ctx: DecodeContext): string | undefined {
  let text = "";
  for (const segment of element.text) {
    if (text.length + segment.raw.length > ctx.maxTextLength) {
      ctx.violations.add(path, `text longer than ${ctx.maxTextLength} characters`);
      return undefined;
    }
    if (segment.cdata) {
      text += segment.raw;
      continue;
    }
    const decoded = decodeXmlReferences(segment.raw);
    if (!decoded.ok) {
      ctx.violations.add(path, decoded.problem);
      return undefined;
    }
    text += decoded.text;
  }
  return text;
}

function checkAttributes(element: XmlElement, path: string, allowed: readonly string[], ctx: DecodeContext): void {
  for (const [name, value] of element.attributes) {
    if (NAMESPACE_ATTRIBUTE.test(name)) continue;
    if (!allowed.includes(name)) ctx.violations.add(`${path}/@${name}`, "unknown attribute");
    else if (value.length > ctx.maxTextLength) ctx.violations.add(`${path}/@${name}`, `longer than ${ctx.maxTextLength} characters`);
  }
}

function checkNoText(element: XmlElement, path: string, ctx: DecodeContext): void {
  if (element.text.some((s) => s.cdata || !isXmlSpace(s.raw))) ctx.violations.add(path, "text is not allowed in a block element");
}
