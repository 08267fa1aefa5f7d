/**
 * The generic writer: renders canonical objects as XML along a mapping's rules, in rule order,
 * 2-space indented with LF line ends. A value that cannot be carried is left out and reported
 * under its canonical field path (e.g. `person.psnName`, `feeLines[0].cntE4`); the caller
 * decides whether that is fatal (claims, replies) or not (results).
 */
import { create } from "@bufbuild/protobuf";
import type { FieldViolation } from "@tongxing/domain";
import { formatLeafValue } from "./field-value.js";
import type { ElementRule, GroupRule, LeafRule } from "./mapping-types.js";
import { escapeXmlAttribute, escapeXmlText } from "./xml-text.js";

/** The rendered document and the values it could not carry. */
export interface EncodedDocument {
  readonly xml: string;
  readonly problems: readonly FieldViolation[];
}

type Source = Record<string, unknown>;

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const INDENT = "  ";

/** Renders `source` as the document whose root element is `root`. */
export function encodeDocument(root: GroupRule, source: Source): EncodedDocument {
  const lines: string[] = [DECLARATION];
  const problems: FieldViolation[] = [];
  writeGroup(root, source, 0, "", lines, problems);
  return { xml: `${lines.join("\n")}\n`, problems };
}

function writeGroup(rule: GroupRule, source: Source, depth: number, fieldPath: string, lines: string[], problems: FieldViolation[]): void {
  const pad = INDENT.repeat(depth);
  const open = lines.length;
  lines.push(`${pad}<${rule.element}>`);
  for (const child of rule.children) writeRule(child, source, depth + 1, fieldPath, lines, problems);
  if (lines.length === open + 1) lines[open] = `${pad}<${rule.element}/>`;
  else lines.push(`${pad}</${rule.element}>`);
}

function writeRule(rule: ElementRule, source: Source, depth: number, fieldPath: string, lines: string[], problems: FieldViolation[]): void {
  switch (rule.kind) {
    case "leaf":
      return writeLeaf(rule, source, depth, fieldPath, lines, problems);
    case "group": {
      if (rule.field === undefined) return writeGroup(rule, source, depth, fieldPath, lines, problems);
      let inner = source[rule.field];
      if (inner === undefined) {
        if (rule.required !== true) return;
        inner = rule.message === undefined ? {} : create(rule.message);
      }
      return writeGroup(rule, inner as Source, depth, join(fieldPath, rule.field), lines, problems);
    }
    case "list": {
      const items = Array.isArray(source[rule.field]) ? (source[rule.field] as unknown[]) : [];
      const listPath = join(fieldPath, rule.field);
      if (items.length > rule.maxItems) {
        problems.push({ field: listPath, description: `${items.length} items; at most ${rule.maxItems}` });
        return;
      }
      const pad = INDENT.repeat(depth);
      const count = rule.countAttribute === undefined ? "" : ` ${rule.countAttribute}="${escapeXmlAttribute(String(items.length))}"`;
      if (items.length === 0) {
        if (rule.omitEmpty === true) return;
        lines.push(`${pad}<${rule.element}${count}/>`);
        return;
      }
      const item: GroupRule = { kind: "group", element: rule.item, children: rule.children };
      lines.push(`${pad}<${rule.element}${count}>`);
      items.forEach((it, i) => writeGroup(item, it as Source, depth + 1, `${listPath}[${i}]`, lines, problems));
      lines.push(`${pad}</${rule.element}>`);
      return;
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown rule ${String(never)}`);
    }
  }
}

function writeLeaf(rule: LeafRule, source: Source, depth: number, fieldPath: string, lines: string[], problems: FieldViolation[]): void {
  let value: unknown;
  let field: string;
  if (rule.codes !== undefined) {
    const row = rule.codes.find((r) => Object.entries(r.values).every(([k, v]) => source[k] === v));
    const keys = Object.keys(rule.codes[0]?.values ?? {});
    field = join(fieldPath, keys[0] ?? rule.element);
    if (row === undefined) {
      const given = keys.map((k) => `${k}=${typeof source[k] === "string" ? JSON.stringify(source[k]) : String(source[k])}`).join(", ");
      problems.push({ field, description: `no ${rule.element} stands for ${given}` });
      return;
    }
    value = row.local;
  } else if (rule.field === undefined) {
    return;
  } else {
    field = join(fieldPath, rule.field);
    value = source[rule.field];
  }
  if (value === "" || value === undefined) {
    if (rule.required === true) problems.push({ field, description: `required by ${rule.element}; cannot be empty` });
    return;
  }
  const wire = formatLeafValue(rule, value);
  if (!wire.ok) {
    problems.push({ field, description: wire.problem });
    return;
  }
  lines.push(`${INDENT.repeat(depth)}<${rule.element}>${escapeXmlText(wire.value)}</${rule.element}>`);
}

function join(path: string, field: string): string {
  return path === "" ? field : `${path}.${field}`;
}
