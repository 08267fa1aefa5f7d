import assert from "node:assert/strict";
import { test } from "node:test";
import { equals, type DescMessage } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, ClaimTotalsSchema, EncounterSchema, FeeLineSchema, LateSettlementSchema, PersonSchema } from "@tongxing/proto";
import { assertMappingFits } from "./mapping-check.js";
import type { ElementRule, GroupRule, XmlEsbMapping } from "./mapping-types.js";
import { XML_ESB_MAPPING } from "./mapping.js";
import { createXmlEsbDialect } from "./xml-esb-dialect.js";

/** "typeName.field" of every canonical field the rules fill. */
function mappedFields(rules: readonly ElementRule[], schema: DescMessage | undefined, out = new Set<string>()): Set<string> {
  for (const rule of rules) {
    if (rule.kind === "leaf") {
      const fields = rule.codes === undefined ? (rule.field === undefined ? [] : [rule.field]) : Object.keys(rule.codes[0]?.values ?? {});
      for (const f of fields) out.add(`${schema?.typeName ?? "view"}.${f}`);
    } else if (rule.kind === "group") {
      if (rule.field !== undefined) out.add(`${schema?.typeName ?? "view"}.${rule.field}`);
      mappedFields(rule.children, rule.field === undefined ? schema : rule.message, out);
    } else {
      out.add(`${schema?.typeName ?? "view"}.${rule.field}`);
      mappedFields(rule.children, rule.message, out);
    }
  }
  return out;
}

test("the mapping fits the canonical schemas", () => {
  assert.doesNotThrow(() => assertMappingFits(XML_ESB_MAPPING));
});

test("the settle request carries every canonical claim field but the hub's own", () => {
  const mapped = mappedFields(XML_ESB_MAPPING.claim.children, ClaimSchema);
  const notCarried = new Set(["tongxing.v1.Claim.claimId", "tongxing.v1.Claim.submitterPlatform", "tongxing.v1.Claim.dialect"]);
  for (const schema of [ClaimSchema, PersonSchema, EncounterSchema, FeeLineSchema, ClaimTotalsSchema, LateSettlementSchema]) {
    for (const field of schema.fields) {
      const name = `${schema.typeName}.${field.localName}`;
      if (!notCarried.has(name)) assert.ok(mapped.has(name), `${name} is not mapped`);
    }
  }
});

test("SetlInfo carries every adjudication field but the claim id and the adjudicating platform", () => {
  const mapped = mappedFields(XML_ESB_MAPPING.reply.children, undefined);
  for (const field of AdjudicationSchema.fields) {
    if (field.localName === "claimId" || field.localName === "adjudicatedBy") continue;
    assert.ok(mapped.has(`${AdjudicationSchema.typeName}.${field.localName}`), field.localName);
  }
});

test("a mapping that does not fit is refused at creation, naming each mistake", () => {
  const head = XML_ESB_MAPPING.claim.children[0] as GroupRule;
  const broken: XmlEsbMapping = {
    ...XML_ESB_MAPPING,
    claim: {
      ...XML_ESB_MAPPING.claim,
      children: [
        { ...head, children: [...head.children, { kind: "leaf", element: "Typo", field: "msgId", type: "code" }, { kind: "leaf", element: "MsgId", field: "msgid", type: "amount" }] },
        ...XML_ESB_MAPPING.claim.children.slice(1),
      ],
    },
  };
  assert.throws(() => createXmlEsbDialect({ mapping: broken }), (err: Error) => /no field msgId/.test(err.message) && /element named twice/.test(err.message) && /not a INT64 field/.test(err.message));
});

/** The same rules with every element renamed: a province variant is only data. */
function renamed<T extends ElementRule>(rule: T, rename: (name: string) => string): T {
  const element = rename(rule.element);
  if (rule.kind === "leaf") return { ...rule, element };
  if (rule.kind === "list") return { ...rule, element, item: rename(rule.item), children: rule.children.map((c) => renamed(c, rename)) };
  return { ...rule, element, children: rule.children.map((c) => renamed(c, rename)) };
}

test("a province variant is another mapping: renamed elements, same codec", async () => {
  const rename = (name: string) => (name === "CbdQh" ? "InsuAdmdvs" : name === "Envelope" ? "YbMsg" : `Yb${name}`);
  const variant: XmlEsbMapping = { ...XML_ESB_MAPPING, claim: renamed(XML_ESB_MAPPING.claim, rename), result: renamed(XML_ESB_MAPPING.result, rename), reply: renamed(XML_ESB_MAPPING.reply, rename) };
  const dialect = createXmlEsbDialect({ name: "xml-esb-variant", mapping: variant });
  const standard = createXmlEsbDialect();
  const { readFileSync } = await import("node:fs");
  const input = readFileSync(new URL("../../../../conformance/vectors/xml-esb/001-outpatient-general-settled/input.xml", import.meta.url));
  const claim = standard.decodeClaim(input).claim;
  claim.dialect = "xml-esb-variant";
  const payload = dialect.encodeClaim(claim);
  const text = new TextDecoder().decode(payload);
  assert.match(text, /<YbMsg>/);
  assert.match(text, /<InsuAdmdvs>320100<\/InsuAdmdvs>/);
  assert.match(text, /<YbFeeList Count="4">/);
  assert.ok(equals(ClaimSchema, dialect.decodeClaim(payload).claim, claim));
  assert.throws(() => dialect.decodeClaim(input), (err: { violations?: { field: string }[] }) => err.violations?.[0]?.field === "payload");
});
