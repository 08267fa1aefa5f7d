import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileMapping, recordOf } from "./compiled-mapping.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";
import type { JinbaoMapping } from "./mapping-types.js";

const SPEC = readFileSync(new URL("../../../../docs/dialects/jinbao-legacy.md", import.meta.url), "utf8");

interface SpecRow {
  pos: number;
  width: number;
  name: string;
  type: string;
  table?: string;
  pattern?: string;
  required: boolean;
  canonical: string;
}

/** The layout table of record `tag` in the spec (the `### n.n \`TAG\` …` section). */
function specRows(tag: string): SpecRow[] {
  const start = SPEC.search(new RegExp(`^### \\d\\.\\d \`${tag}\` `, "m"));
  assert.ok(start >= 0, `the spec has a table for ${tag}`);
  const rows: SpecRow[] = [];
  for (const line of SPEC.slice(start).split("\n").slice(1)) {
    if (line.startsWith("#")) break;
    const cells = line.split("|").map((c) => c.trim());
    if (!/^\d+$/.test(cells[1] ?? "")) continue;
    const typeCell = cells[5] ?? "";
    const table = /table `(\w+)`/.exec(typeCell)?.[1];
    const pattern = /^code `([^`]+)`/.exec(typeCell)?.[1];
    rows.push({
      pos: Number(cells[2]),
      width: Number(cells[3]),
      name: (cells[4] ?? "").replaceAll("`", ""),
      type: typeCell.split(" ")[0] ?? "",
      ...(table === undefined ? {} : { table }),
      ...(pattern === undefined ? {} : { pattern }),
      required: cells[6] === "yes",
      canonical: /`([^`]+)`/.exec(cells[7] ?? "")?.[1] ?? cells[7] ?? "",
    });
  }
  return rows;
}

/** The spec's canonical column for a mapping path. */
function specCanonical(path: string): string {
  const [root, ...rest] = path.split(".");
  const tail = rest.join(".");
  if (root === "fee_line") return `fee_lines[].${tail}`;
  if (root === "line_result") return `adjudication.fee_lines[].${tail}`;
  return root === "adjudication" ? `adjudication.${tail}` : tail;
}

test("the mapping compiles: paths resolve to fields of the right kind, tables and patterns exist", () => {
  const m = compileMapping(JINBAO_LEGACY_MAPPING);
  assert.deepEqual([...m.records.keys()], ["H", "S", "D", "T", "R", "L"]);
  assert.deepEqual([...m.records.values()].map((r) => r.width), [195, 501, 196, 37, 829, 94]);
});

for (const tag of ["H", "S", "D", "T", "R", "L"]) {
  test(`record ${tag}: the mapping is exactly the spec's table (positions, widths, types, tables, patterns, required, canonical)`, () => {
    const record = recordOf(compileMapping(JINBAO_LEGACY_MAPPING), tag);
    const rows = specRows(tag);
    assert.equal(rows.length, record.fields.length, "field count");
    record.fields.forEach((field, i) => {
      const row = rows[i];
      const spec = field.spec;
      assert.ok(row !== undefined);
      assert.equal(row.name, spec.name, `field ${i + 1}`);
      assert.equal(row.pos, field.offset + 1, `${spec.name} position`);
      assert.equal(row.width, spec.width, `${spec.name} width`);
      assert.equal(row.type, spec.type, `${spec.name} type`);
      assert.equal(row.table, spec.codeTable, `${spec.name} code table`);
      assert.equal(row.pattern, spec.pattern, `${spec.name} pattern`);
      const numeric = spec.type === "amount" || spec.type === "cnt" || spec.type === "pric";
      assert.equal(row.required, spec.required === true || numeric, `${spec.name} required`);
      if (spec.path !== undefined && spec.role === undefined) assert.equal(row.canonical, specCanonical(spec.path), `${spec.name} canonical`);
      else assert.ok(row.canonical === "—" || row.canonical === specCanonical(spec.path ?? ""), `${spec.name}: a role field has no canonical column of its own`);
    });
  });
}

test("every code table row of the mapping is in the spec's §5 tables, and the national tables of DOMAIN.md are covered", () => {
  for (const [key, table] of Object.entries(JINBAO_LEGACY_MAPPING.codeTables)) {
    for (const row of table.rows) assert.match(SPEC, new RegExp(`^\\| \`${row.local}\` \\|.*\\b${row.national}\\b`, "m"), `${key} ${row.local}`);
  }
  const nationals = (key: string) => JINBAO_LEGACY_MAPPING.codeTables[key]?.rows.map((r) => r.national).sort();
  assert.deepEqual(nationals("insutype"), ["310", "320", "330", "340", "390", "392", "410", "510"]);
  assert.deepEqual(nationals("mdtrt_cert_type"), ["01", "02", "03"]);
  assert.deepEqual(nationals("med_type"), ["11", "13", "14", "21", "22", "23", "24", "28", "41", "51", "52"]);
  assert.deepEqual(nationals("chrgitm_lv"), ["01", "02", "03"]);
  assert.deepEqual(nationals("clr_type"), ["11", "21", "41", "99"]);
  for (const row of JINBAO_LEGACY_MAPPING.codeTables["trans_code"]?.rows ?? []) assert.ok(JINBAO_LEGACY_MAPPING.kindByInfno[row.national] !== undefined, row.local);
});

test("5,000 fee lines fit in the 1 MiB payload limit, so both limits bind on their own", () => {
  const m = compileMapping(JINBAO_LEGACY_MAPPING);
  const lineEnd = JINBAO_LEGACY_MAPPING.lineEnd.length;
  const size = (lines: number) => ["H", "S", "T"].reduce((s, t) => s + recordOf(m, t).width + lineEnd, 0) + lines * (recordOf(m, "D").width + lineEnd);
  assert.ok(size(5_001) < JINBAO_LEGACY_MAPPING.maxPayloadBytes, `${size(5_001)} bytes`);
});

test("a broken mapping is refused when compiled, naming the field", () => {
  const broken = (patch: (m: JinbaoMapping) => JinbaoMapping) => () => compileMapping(patch(structuredClone(JINBAO_LEGACY_MAPPING)));
  const withField = (field: object) => (m: JinbaoMapping): JinbaoMapping => {
    const h = m.records["H"];
    assert.ok(h !== undefined);
    return { ...m, records: { ...m.records, H: { ...h, fields: [...h.fields, field as never] } } };
  };
  assert.throws(broken(withField({ name: "x", path: "claim.person.nope", width: 3, type: "code" })), /has no field nope/);
  assert.throws(broken(withField({ name: "x", path: "claim.totals.medfee_sumamt", width: 3, type: "code" })), /does not suit/);
  assert.throws(broken(withField({ name: "x", path: "claim.msgid", width: 3, type: "code", codeTable: "nope" })), /no code table nope/);
  assert.throws(broken(withField({ name: "x", path: "fee_line.cnt_e4", width: 16, type: "cnt" })), /at most 15 bytes/);
  assert.throws(broken(withField({ name: "x", width: 3, type: "code" })), /needs a path or a role/);
  assert.throws(broken(withField({ name: "msgid", path: "claim.msgid", width: 3, type: "code" })), /names repeat/);
});

test("the spec's example records are vector 001's bytes, field boundaries where the layout puts them", () => {
  const example = /Example, from vector `001-outpatient-card-settled`[\s\S]*?```\n([\s\S]*?)```/.exec(SPEC)?.[1] ?? "";
  const [detail = "", trailer = ""] = example.trim().split("\n");
  const input = readFileSync(new URL("../../../../conformance/vectors/jinbao-legacy/001-outpatient-card-settled/input.txt", import.meta.url), "latin1").split("\r\n");
  assert.equal(detail.replaceAll("|", "").replaceAll("·", " "), input[3]);
  assert.equal(trailer, input[5]);
  const widths = detail.split("|").map((cell) => cell.length);
  assert.deepEqual(widths, recordOf(compileMapping(JINBAO_LEGACY_MAPPING), "D").fields.map((f) => f.spec.width));
});
