/**
 * A mapping prepared for the codec: byte offsets, resolved canonical paths, code tables as maps,
 * patterns as regular expressions. Compiling checks the mapping's consistency and throws Error on
 * a mapping bug (the mapping test compiles every mapping).
 */
import { resolveCanonicalPath, type CanonicalPath } from "./canonical-path.js";
import type { FieldSpec, JinbaoMapping, RecordLayout } from "./mapping-types.js";

/** A code table both ways. */
export interface CompiledCodeTable {
  readonly name: string;
  readonly toNational: ReadonlyMap<string, string>;
  readonly toLocal: ReadonlyMap<string, string>;
}

/** A field with its byte offset in the record and everything resolved. */
export interface CompiledField {
  readonly spec: FieldSpec;
  /** 0-based byte offset in the record. */
  readonly offset: number;
  readonly path?: CanonicalPath;
  /** For a `sum` role: the summed field. */
  readonly sumOf?: CanonicalPath;
  readonly table?: CompiledCodeTable;
  readonly pattern?: RegExp;
}

/** A record layout with its length and compiled fields. */
export interface CompiledRecord {
  readonly tag: string;
  readonly label: string;
  /** Record length in bytes, line end excluded. */
  readonly width: number;
  readonly fields: readonly CompiledField[];
}

/** A whole mapping, compiled: records by tag, code tables by key. */
export interface CompiledMapping {
  readonly source: JinbaoMapping;
  readonly records: ReadonlyMap<string, CompiledRecord>;
  readonly tables: ReadonlyMap<string, CompiledCodeTable>;
}

/** Widest numeric field: parseScaledDecimal reads at most 15 integer digits. */
const MAX_NUMERIC_WIDTH = 15;
const VISIBLE_ASCII = /^[!-~]+$/;
const STRING_TYPES = new Set(["text", "code", "date"]);

function compileTables(mapping: JinbaoMapping): Map<string, CompiledCodeTable> {
  const tables = new Map<string, CompiledCodeTable>();
  for (const [key, table] of Object.entries(mapping.codeTables)) {
    const toNational = new Map<string, string>();
    const toLocal = new Map<string, string>();
    for (const row of table.rows) {
      if (!VISIBLE_ASCII.test(row.local)) throw new Error(`code table ${key}: local code "${row.local}" is not visible ASCII`);
      if (toNational.has(row.local) || toLocal.has(row.national)) throw new Error(`code table ${key}: ${row.local}/${row.national} repeated`);
      toNational.set(row.local, row.national);
      toLocal.set(row.national, row.local);
    }
    tables.set(key, { name: table.name, toNational, toLocal });
  }
  return tables;
}

function compileField(spec: FieldSpec, offset: number, tables: ReadonlyMap<string, CompiledCodeTable>, where: string): CompiledField {
  const at = `${where}.${spec.name}`;
  if (!Number.isInteger(spec.width) || spec.width < 1) throw new Error(`${at}: width must be a positive integer`);
  const numeric = !STRING_TYPES.has(spec.type);
  if (numeric && spec.width > MAX_NUMERIC_WIDTH) throw new Error(`${at}: a number is at most ${MAX_NUMERIC_WIDTH} bytes`);
  if (spec.type === "date" && spec.width !== 8) throw new Error(`${at}: a date is 8 bytes`);
  const path = spec.path === undefined ? undefined : resolveCanonicalPath(spec.path);
  if (path !== undefined && (path.leafKind === "bigint") !== numeric) throw new Error(`${at}: type ${spec.type} does not suit ${spec.path}`);
  let table: CompiledCodeTable | undefined;
  if (spec.codeTable !== undefined) {
    table = tables.get(spec.codeTable);
    if (table === undefined) throw new Error(`${at}: no code table ${spec.codeTable}`);
    if (spec.type !== "code") throw new Error(`${at}: only code fields have code tables`);
    for (const local of table.toNational.keys()) if (local.length > spec.width) throw new Error(`${at}: local code ${local} is wider than the field`);
  }
  const role = spec.role;
  if (path === undefined && role === undefined) throw new Error(`${at}: a field needs a path or a role`);
  if (role?.kind === "echo" && path === undefined) throw new Error(`${at}: an echo needs a path`);
  const sumOf = role?.kind === "sum" ? resolveCanonicalPath(role.of) : undefined;
  if (sumOf !== undefined && (sumOf.leafKind !== "bigint" || spec.type !== "amount")) throw new Error(`${at}: a sum adds amounts`);
  return {
    spec,
    offset,
    ...(path === undefined ? {} : { path }),
    ...(sumOf === undefined ? {} : { sumOf }),
    ...(table === undefined ? {} : { table }),
    ...(spec.pattern === undefined ? {} : { pattern: new RegExp(`^(?:${spec.pattern})$`) }),
  };
}

function compileRecord(layout: RecordLayout, tables: ReadonlyMap<string, CompiledCodeTable>): CompiledRecord {
  const first = layout.fields[0];
  if (first?.role?.kind !== "tag" || first.width !== layout.tag.length) throw new Error(`record ${layout.tag}: the first field must be its tag`);
  const fields: CompiledField[] = [];
  let offset = 0;
  for (const spec of layout.fields) {
    fields.push(compileField(spec, offset, tables, layout.tag));
    offset += spec.width;
  }
  const names = new Set(layout.fields.map((f) => f.name));
  if (names.size !== layout.fields.length) throw new Error(`record ${layout.tag}: field names repeat`);
  return { tag: layout.tag, label: layout.label, width: offset, fields };
}

const compiled = new WeakMap<JinbaoMapping, CompiledMapping>();

/** The compiled form of `mapping` (compiled once, then cached). */
export function compileMapping(mapping: JinbaoMapping): CompiledMapping {
  const cached = compiled.get(mapping);
  if (cached !== undefined) return cached;
  const tables = compileTables(mapping);
  const records = new Map<string, CompiledRecord>();
  for (const [key, layout] of Object.entries(mapping.records)) {
    if (key !== layout.tag) throw new Error(`record ${key}: keyed under another tag than ${layout.tag}`);
    records.set(layout.tag, compileRecord(layout, tables));
  }
  for (const slot of mapping.claimFile) if (!records.has(slot.tag)) throw new Error(`settle file names unknown record ${slot.tag}`);
  if (!records.has(mapping.responseTag)) throw new Error(`no response record ${mapping.responseTag}`);
  const tagWidths = new Set([...records.keys()].map((t) => t.length));
  if (tagWidths.size !== 1) throw new Error("every record tag must have the same length");
  const result: CompiledMapping = { source: mapping, records, tables };
  compiled.set(mapping, result);
  return result;
}

/** The record of `tag`; throws Error when the mapping lacks it (checked at compile time). */
export function recordOf(mapping: CompiledMapping, tag: string): CompiledRecord {
  const record = mapping.records.get(tag);
  if (record === undefined) throw new Error(`mapping has no record ${tag}`);
  return record;
}
