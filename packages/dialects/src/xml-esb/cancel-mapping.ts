/**
 * The settle-cancel request of the xml-esb envelope (docs/dialects/xml-esb.md §7): the same
 * `Envelope/Head` as the settle request with a cancel `TranCode`, and `Body/Cancel`.
 */
import type { CodeRow, GroupRule } from "./mapping-types.js";

const ADMDVS = /^\d{6}$/;

/** Cancel `TranCode`s: 2208 outpatient, 2305 inpatient, 2103 pharmacy. */
export const CANCEL_TRANSACTIONS: readonly CodeRow[] = [
  { local: "MZCX", values: { infno: "2208" } },
  { local: "ZYCX", values: { infno: "2305" } },
  { local: "YDCX", values: { infno: "2103" } },
];

/** Fills a SettlementCancel; head elements without a field are read and checked, not carried. */
export const XML_ESB_CANCEL: GroupRule = {
  kind: "group",
  element: "Envelope",
  required: true,
  children: [
    {
      kind: "group",
      element: "Head",
      required: true,
      children: [
        { kind: "leaf", element: "TranCode", type: "code", required: true, codes: CANCEL_TRANSACTIONS },
        { kind: "leaf", element: "MsgId", field: "msgid", type: "code", required: true, maxLength: 64 },
        { kind: "leaf", element: "Sender", type: "code", required: true, maxLength: 30 },
        { kind: "leaf", element: "SenderName", type: "text", maxLength: 200 },
        { kind: "leaf", element: "Receiver", type: "code", maxLength: 30 },
        { kind: "leaf", element: "JydQh", type: "code", required: true, pattern: ADMDVS },
        { kind: "leaf", element: "CbdQh", type: "code", required: true, pattern: ADMDVS },
        { kind: "leaf", element: "SendTime", type: "time", required: true },
        { kind: "leaf", element: "Operator", type: "text", maxLength: 50 },
      ],
    },
    {
      kind: "group",
      element: "Body",
      required: true,
      children: [
        {
          kind: "group",
          element: "Cancel",
          required: true,
          children: [
            { kind: "leaf", element: "SetlId", field: "setlId", type: "code", required: true, maxLength: 64 },
            { kind: "leaf", element: "MdtrtId", field: "mdtrtId", type: "code", required: true, maxLength: 50 },
            { kind: "leaf", element: "PsnNo", field: "psnNo", type: "code", required: true, maxLength: 50 },
            { kind: "leaf", element: "Reason", field: "reason", type: "text", maxLength: 200 },
          ],
        },
      ],
    },
  ],
};
