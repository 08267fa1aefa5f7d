/**
 * A cancel as FHIR R4 (spec §8): a `Claim` with `status` `cancelled` (R4's "withdrawn, rescinded
 * or reversed") naming the settlement in `related[].claim.identifier` (system `sid/setl-id`),
 * the person in `patient.identifier` (`sid/psn-no`), the encounter in the `mdtrt-id` extension
 * and the message id in `identifier` (`sid/msgid`); `type` picks 2208 / 2305 / 2103.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError, type FieldViolation } from "@tongxing/domain";
import { SettlementCancelSchema } from "@tongxing/proto";
import type { DecodedCancel } from "../dialect.js";
import { parseJsonPayload } from "./json-payload.js";
import type { FhirR4Limits } from "./mapping-types.js";

const BASE = "https://tongxing.example/fhir/";
const SID = `${BASE}sid/`;
const MDTRT_ID_EXT = `${BASE}StructureDefinition/mdtrt-id`;
const REASON_EXT = `${BASE}StructureDefinition/cancel-reason`;
/** `Claim.type` code → the cancel's infno. */
const CANCEL_INFNO: Readonly<Record<string, string>> = { professional: "2208", institutional: "2305", pharmacy: "2103" };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value of the identifier with `system` in a list of identifiers (or one identifier). */
function identifierValue(ids: unknown, system: string): string | undefined {
  for (const id of Array.isArray(ids) ? ids : [ids]) {
    if (isObject(id) && id.system === system && typeof id.value === "string") return id.value;
  }
  return undefined;
}

function extensionString(resource: Json, url: string): string | undefined {
  for (const e of list(resource.extension)) if (isObject(e) && e.url === url && typeof e.valueString === "string") return e.valueString;
  return undefined;
}

/** Reads a cancel resource; InvalidInputError naming each FHIR path. */
export function decodeCancelResource(payload: Uint8Array, limits: FhirR4Limits): DecodedCancel {
  const root = parseJsonPayload(payload, limits);
  if (!isObject(root)) throw InvalidInputError.of("payload", "is not a JSON object");
  const problems: FieldViolation[] = [];
  if (root.resourceType !== "Claim") problems.push({ field: "resourceType", description: 'must be "Claim"' });
  if (root.status !== "cancelled") problems.push({ field: "status", description: 'must be "cancelled" for a cancel' });
  const typeCode = list(isObject(root.type) ? root.type.coding : undefined).map((c) => (isObject(c) ? c.code : undefined)).find((c): c is string => typeof c === "string");
  const infno = typeCode === undefined ? undefined : CANCEL_INFNO[typeCode];
  if (infno === undefined) problems.push({ field: "type.coding.code", description: "must be professional, institutional or pharmacy" });
  const msgid = identifierValue(root.identifier, `${SID}msgid`) ?? (typeof root.id === "string" ? root.id : undefined);
  const setlId = list(root.related).map((r) => (isObject(r) && isObject(r.claim) ? identifierValue(r.claim.identifier, `${SID}setl-id`) : undefined)).find((v) => v !== undefined);
  const psnNo = isObject(root.patient) ? identifierValue(root.patient.identifier, `${SID}psn-no`) : undefined;
  const mdtrtId = extensionString(root, MDTRT_ID_EXT);
  const required: [string, string | undefined, number][] = [
    [`identifier[system=${SID}msgid].value`, msgid, 64],
    [`related.claim.identifier[system=${SID}setl-id].value`, setlId, 64],
    [`patient.identifier[system=${SID}psn-no].value`, psnNo, 50],
    [`extension[url=${MDTRT_ID_EXT}].valueString`, mdtrtId, 50],
  ];
  for (const [field, value, max] of required) {
    if (value === undefined || value.trim() === "") problems.push({ field, description: "is required" });
    else if (value.length > max) problems.push({ field, description: `is longer than ${max} characters` });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  const cancel = create(SettlementCancelSchema, {
    infno: infno ?? "",
    msgid: msgid ?? "",
    setlId: setlId ?? "",
    psnNo: psnNo ?? "",
    mdtrtId: mdtrtId ?? "",
    reason: (extensionString(root, REASON_EXT) ?? "").slice(0, 200),
  });
  return { cancel, msgid: cancel.msgid };
}
