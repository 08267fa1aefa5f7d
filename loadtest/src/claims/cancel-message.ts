/**
 * Cancel messages (2208 / 2305 / 2103) in each dialect, as a counter system sends them
 * (docs/dialects/*: nhsa-json §cancel, xml-esb §7, jinbao-legacy §9, fhir-r4 §8).
 */

/** What a cancel names: the settlement, its encounter and person, the message id. */
export interface CancelFields {
  readonly msgid: string;
  readonly setlId: string;
  readonly mdtrtId: string;
  readonly psnNo: string;
  readonly mdtrtareaAdmvs: string;
  readonly insuplcAdmdvs: string;
  readonly fixmedinsCode: string;
  /** 2208 outpatient (default), 2305 inpatient, 2103 pharmacy. */
  readonly infno?: "2208" | "2305" | "2103";
  readonly reason?: string;
}

const LOCAL_CODES = { "2208": "MZCX", "2305": "ZYCX", "2103": "YDCX" } as const;
const FHIR_TYPES = { "2208": "professional", "2305": "institutional", "2103": "pharmacy" } as const;
const enc = new TextEncoder();

/** ASCII text left-aligned in `width` bytes (the jinbao files are GBK; ids are ASCII). */
function field(text: string, width: number): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`jinbao cancel builder takes ASCII text only, got "${text}"`);
  return text.slice(0, width).padEnd(width, " ");
}

function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The cancel message of `f` in `dialect` (nhsa-json, xml-esb, jinbao-legacy or fhir-r4). */
export function buildCancelMessage(dialect: string, f: CancelFields): Uint8Array {
  const infno = f.infno ?? "2208";
  const reason = f.reason ?? "";
  switch (dialect) {
    case "nhsa-json":
      return enc.encode(JSON.stringify({
        infno,
        msgid: f.msgid,
        mdtrtarea_admvs: f.mdtrtareaAdmvs,
        insuplc_admdvs: f.insuplcAdmdvs,
        fixmedins_code: f.fixmedinsCode,
        input: { data: { setl_id: f.setlId, mdtrt_id: f.mdtrtId, psn_no: f.psnNo, ...(reason === "" ? {} : { memo: reason }) } },
      }));
    case "xml-esb":
      return enc.encode(
        `<?xml version="1.0" encoding="UTF-8"?><Envelope><Head><TranCode>${LOCAL_CODES[infno]}</TranCode><MsgId>${xmlText(f.msgid)}</MsgId><Sender>${xmlText(f.fixmedinsCode)}</Sender>` +
          `<JydQh>${f.mdtrtareaAdmvs}</JydQh><CbdQh>${f.insuplcAdmdvs}</CbdQh><SendTime>20240301100000</SendTime></Head><Body><Cancel><SetlId>${xmlText(f.setlId)}</SetlId>` +
          `<MdtrtId>${xmlText(f.mdtrtId)}</MdtrtId><PsnNo>${xmlText(f.psnNo)}</PsnNo>${reason === "" ? "" : `<Reason>${xmlText(reason)}</Reason>`}</Cancel></Body></Envelope>`,
      );
    case "jinbao-legacy":
      return enc.encode(
        `H${field(LOCAL_CODES[infno], 4)}${field(f.msgid, 30)}${field(f.mdtrtareaAdmvs, 6)}${field(f.insuplcAdmdvs, 6)}${field(f.fixmedinsCode, 20)}${field("", 100)}${field("", 20)}${field("20240301", 8)}\r\n` +
          `C${field(f.setlId, 40)}${field(f.mdtrtId, 30)}${field(f.psnNo, 30)}${field(reason, 90)}\r\n`,
      );
    case "fhir-r4": {
      const B = "https://tongxing.example/fhir/";
      return enc.encode(JSON.stringify({
        resourceType: "Claim",
        status: "cancelled",
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claim-type", code: FHIR_TYPES[infno] }] },
        use: "claim",
        identifier: [{ system: `${B}sid/msgid`, value: f.msgid }],
        extension: [{ url: `${B}StructureDefinition/mdtrt-id`, valueString: f.mdtrtId }, ...(reason === "" ? [] : [{ url: `${B}StructureDefinition/cancel-reason`, valueString: reason }])],
        patient: { identifier: { system: `${B}sid/psn-no`, value: f.psnNo } },
        related: [{ claim: { identifier: { system: `${B}sid/setl-id`, value: f.setlId } } }],
      }));
    }
    default:
      throw new Error(`no cancel message builder for dialect "${dialect}"`);
  }
}
