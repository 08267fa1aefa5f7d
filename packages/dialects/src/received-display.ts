/**
 * A message as a platform sent it, decoded for a person to read (the regulators' console): JSON
 * and XML pretty-printed, a canonical protobuf claim as JSON, a jinbao-legacy file decoded from
 * its legacy charset and laid out record by record, field by field, with its mapping's names.
 * Nothing here validates: the message was accepted at intake; a copy cut short (a bounded copy)
 * or anything unreadable is shown as text.
 */
import { fromBinary, toJsonString } from "@bufbuild/protobuf";
import { ClaimSchema } from "@tongxing/proto";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import iconv from "iconv-lite";
import { parse, stringify } from "lossless-json";
import { canonicalDialect } from "./canonical.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { JINBAO_LEGACY_MAPPING } from "./jinbao-legacy/mapping.js";
import type { JinbaoMapping } from "./jinbao-legacy/mapping-types.js";
import { splitRecords } from "./jinbao-legacy/record-lines.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

/** One field of a fixed-width record: its wire name, canonical path (if any) and trimmed text. */
export interface DisplayField {
  readonly name: string;
  readonly path?: string;
  readonly value: string;
}

/** One line of a fixed-width file: its tag and layout label with its fields, or its text when no layout fits. */
export interface DisplayRecord {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly tag: string;
  readonly label: string;
  readonly fields: readonly DisplayField[];
}

/** A received message decoded for display. */
export type ReceivedDisplay =
  | { readonly format: "json" | "xml" | "protobuf" | "text"; readonly text: string }
  | { readonly format: "fixed-width"; readonly encoding: string; readonly records: readonly DisplayRecord[] };

/** The media type each dialect's messages have (what a received message's `content_type` says). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  [canonicalDialect.name]: "application/x-protobuf; messageType=tongxing.v1.Claim",
  [nhsaJsonDialect.name]: "application/json; charset=utf-8",
  [xmlEsbDialect.name]: "application/xml; charset=utf-8",
  [JINBAO_LEGACY_MAPPING.dialect]: `text/plain; charset=${JINBAO_LEGACY_MAPPING.encoding.toUpperCase()}`,
  [fhirR4Dialect.name]: "application/fhir+json; charset=utf-8",
};

/** The media type of a dialect's messages; `application/octet-stream` for a name not known here. */
export function receivedContentType(dialect: string): string {
  return CONTENT_TYPES[dialect] ?? "application/octet-stream";
}

const UTF8 = new TextDecoder("utf-8");

/** The message decoded for display by its dialect's form; `truncated` (a bounded copy) is shown as text. */
export function displayReceivedMessage(dialect: string, payload: Uint8Array, truncated = false): ReceivedDisplay {
  if (dialect === JINBAO_LEGACY_MAPPING.dialect) return { format: "fixed-width", encoding: JINBAO_LEGACY_MAPPING.encoding, records: fixedWidthRecords(payload, JINBAO_LEGACY_MAPPING) };
  if (truncated) return { format: "text", text: UTF8.decode(payload) };
  try {
    if (dialect === canonicalDialect.name) return { format: "protobuf", text: toJsonString(ClaimSchema, fromBinary(ClaimSchema, payload), { prettySpaces: 2 }) };
    if (dialect === nhsaJsonDialect.name || dialect === fhirR4Dialect.name) return { format: "json", text: prettyJson(UTF8.decode(payload)) };
    if (dialect === xmlEsbDialect.name) return { format: "xml", text: prettyXml(UTF8.decode(payload)) };
  } catch {
    // Not what its dialect says (it was accepted, so unexpected): shown as it is, below.
  }
  return { format: "text", text: UTF8.decode(payload) };
}

/** JSON indented, numbers kept exactly as written (amounts are decimal text on the wire). */
function prettyJson(text: string): string {
  return stringify(parse(text), undefined, 2) ?? text;
}

// Values stay text: a parsed number would lose leading zeros and digits (ids, codes, amounts).
const XML_OPTIONS = { preserveOrder: true, ignoreAttributes: false, commentPropName: "#comment", processEntities: true, trimValues: true, parseTagValue: false, parseAttributeValue: false } as const;

/** XML indented; character references decoded (so the text shows the characters they stand for). */
function prettyXml(text: string): string {
  const tree: unknown = new XMLParser(XML_OPTIONS).parse(text);
  return String(new XMLBuilder({ ...XML_OPTIONS, format: true, indentBy: "  ", suppressEmptyNode: true }).build(tree)).trim();
}

/**
 * A fixed-width file record by record: each line's tag picks its layout, whose fields are cut by
 * byte width and decoded from the legacy charset (GBK: a Chinese character is two bytes). Bytes past
 * the layout, or a line of no known layout, show as one field `(text)`.
 */
function fixedWidthRecords(payload: Uint8Array, mapping: JinbaoMapping): DisplayRecord[] {
  const decode = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mapping.encoding).trimEnd();
  return splitRecords(payload).map((raw, i) => {
    const tag = String.fromCharCode(raw.bytes[0] ?? 0x20);
    const layout = mapping.records[tag];
    if (layout === undefined) return { line: i + 1, tag, label: "", fields: [{ name: "(text)", value: decode(raw.bytes) }] };
    const fields: DisplayField[] = [];
    let at = 0;
    for (const f of layout.fields) {
      if (at >= raw.bytes.length) break;
      fields.push({ name: f.name, ...(f.path === undefined ? {} : { path: f.path }), value: decode(raw.bytes.subarray(at, at + f.width)) });
      at += f.width;
    }
    if (at < raw.bytes.length) fields.push({ name: "(text)", value: decode(raw.bytes.subarray(at)) });
    return { line: i + 1, tag, label: layout.label, fields };
  });
}
