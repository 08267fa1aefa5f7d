/**
 * Start-up check of a mapping against the canonical schemas: every field it names exists with a
 * type its wire type can fill, and sibling elements are distinct. A mapping that fails is a
 * programming error, thrown once when the dialect is created, never at message time.
 */
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { ClaimSchema } from "@tongxing/proto";
import type { ElementRule, FieldType, XmlEsbMapping } from "./mapping-types.js";

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const SCALAR_OF: Readonly<Record<FieldType, ScalarType>> = {
  text: ScalarType.STRING,
  code: ScalarType.STRING,
  time: ScalarType.STRING,
  amount: ScalarType.INT64,
  cnt: ScalarType.INT64,
  pric: ScalarType.INT64,
  permille: ScalarType.INT32,
};

/** Throws an Error naming each inconsistency of `mapping`. */
export function assertMappingFits(mapping: XmlEsbMapping): void {
  const problems: string[] = [];
  checkRules(mapping.claim.children, ClaimSchema, mapping.claim.element, problems);
  checkRules(mapping.result.children, undefined, mapping.result.element, problems);
  checkRules(mapping.reply.children, undefined, mapping.reply.element, problems);
  if (problems.length > 0) throw new Error(`xml-esb mapping does not fit the canonical schema:\n${problems.join("\n")}`);
}

function checkRules(rules: readonly ElementRule[], schema: DescMessage | undefined, path: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    const at = `${path}/${rule.element}`;
    if (!XML_NAME.test(rule.element)) problems.push(`${at}: not an XML element name`);
    if (seen.has(rule.element)) problems.push(`${at}: element named twice`);
    seen.add(rule.element);
    switch (rule.kind) {
      case "leaf":
        if (rule.codes !== undefined) {
          if (rule.type !== "code") problems.push(`${at}: a code table needs type "code"`);
          for (const row of rule.codes) for (const key of Object.keys(row.values)) checkField(schema, key, undefined, at, problems);
        } else if (rule.field !== undefined) {
          checkField(schema, rule.field, SCALAR_OF[rule.type], at, problems);
        }
        if (rule.maxLength !== undefined && !(rule.maxLength > 0)) problems.push(`${at}: maxLength must be positive`);
        break;
      case "group": {
        if (rule.field === undefined) {
          checkRules(rule.children, schema, at, problems);
          break;
        }
        const field = checkField(schema, rule.field, undefined, at, problems);
        if (schema !== undefined && field !== undefined && (field.fieldKind !== "message" || field.message.typeName !== rule.message?.typeName)) {
          problems.push(`${at}: ${rule.field} is not a ${rule.message?.typeName ?? "message"} field`);
        }
        checkRules(rule.children, rule.message, at, problems);
        break;
      }
      case "list": {
        const field = checkField(schema, rule.field, undefined, at, problems);
        if (schema !== undefined && field !== undefined && (field.fieldKind !== "list" || field.listKind !== "message" || field.message.typeName !== rule.message.typeName)) {
          problems.push(`${at}: ${rule.field} is not a repeated ${rule.message.typeName} field`);
        }
        if (!XML_NAME.test(rule.item)) problems.push(`${at}: item ${rule.item} is not an XML element name`);
        checkRules(rule.children, rule.message, `${at}/${rule.item}`, problems);
        break;
      }
      default: {
        const never: never = rule;
        problems.push(`${path}: unknown rule ${String(never)}`);
      }
    }
  }
}

/** The schema's field named `name` (when checking against a schema), recording a mismatch. */
function checkField(schema: DescMessage | undefined, name: string, scalar: ScalarType | undefined, at: string, problems: string[]): DescField | undefined {
  if (schema === undefined) return undefined;
  const field = schema.fields.find((f) => f.localName === name);
  if (field === undefined) {
    problems.push(`${at}: ${schema.typeName} has no field ${name}`);
    return undefined;
  }
  if (scalar !== undefined && (field.fieldKind !== "scalar" || field.scalar !== scalar)) {
    problems.push(`${at}: ${schema.typeName}.${name} is not a ${ScalarType[scalar]} field`);
  }
  return field;
}
