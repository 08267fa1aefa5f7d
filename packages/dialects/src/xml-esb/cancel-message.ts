import { create } from "@bufbuild/protobuf";
import { SettlementCancelSchema } from "@tongxing/proto";
import type { DecodedCancel } from "../dialect.js";
import { XML_ESB_CANCEL } from "./cancel-mapping.js";
import { readDocument } from "./document-reader.js";
import type { XmlEsbLimits } from "./mapping-types.js";

/** Reads a settle-cancel request (spec §7); InvalidInputError naming each element path. */
export function decodeCancelMessage(payload: Uint8Array, limits: XmlEsbLimits): DecodedCancel {
  const cancel = create(SettlementCancelSchema);
  readDocument(payload, XML_ESB_CANCEL, cancel as unknown as Record<string, unknown>, limits).throwIfAny();
  return { cancel, msgid: cancel.msgid };
}
