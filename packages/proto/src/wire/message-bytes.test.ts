// Spliced encodings decode exactly as the messages they stand for: the claim encoded once and
// carried as bytes gives the same record and envelope as encoding them whole.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimEnvelopeSchema, ClaimEventSchema, ClaimRecordSchema, ClaimSchema, ClaimStatus } from "../gen/mod.js";
import { mergeMessageBytes, messageFieldBytes } from "./message-bytes.js";

const claim = create(ClaimSchema, {
  claimId: "C0123456789abcdef01234567",
  msgid: "H37010200001202612011405300211",
  insuplcAdmdvs: "320100",
  person: { psnNo: "3201", psnName: "王建国𠮷" },
  feeLines: [{ feedetlSn: "1", cntE4: -10_000n, pricE6: 20_000_000n, detItemFeeSumamt: -2_000n, initFeedetlSn: "0" }],
  totals: { medfeeSumamt: 17_850n },
});
const event = (status: ClaimStatus, note: string) => create(ClaimEventSchema, { claimId: claim.claimId, status, detail: note, traceId: "0af7651916cd43dd8448eb211c80319c" });

test("a message field appended as bytes is the field set", () => {
  const claimBytes = toBinary(ClaimSchema, claim);
  const record = create(ClaimRecordSchema, { claimId: claim.claimId, status: ClaimStatus.RECEIVED, events: [event(ClaimStatus.RECEIVED, "in")], idempotencyKey: "k" });
  const spliced = mergeMessageBytes(toBinary(ClaimRecordSchema, record), messageFieldBytes(ClaimRecordSchema.field.claim.number, claimBytes));
  assert.ok(equals(ClaimRecordSchema, fromBinary(ClaimRecordSchema, spliced), create(ClaimRecordSchema, { ...record, claim })));
  const envelope = mergeMessageBytes(messageFieldBytes(ClaimEnvelopeSchema.field.claim.number, claimBytes), toBinary(ClaimEnvelopeSchema, create(ClaimEnvelopeSchema, { traceId: "t", idempotencyKey: "k" })));
  assert.ok(equals(ClaimEnvelopeSchema, fromBinary(ClaimEnvelopeSchema, envelope), create(ClaimEnvelopeSchema, { claim, traceId: "t", idempotencyKey: "k" })));
});

test("an envelope followed by a patch decodes as the envelope with the patch's events appended and its fields set", () => {
  const original = create(ClaimEnvelopeSchema, { claim, traceId: "t", events: [event(ClaimStatus.RECEIVED, "in"), event(ClaimStatus.ROUTED, "to 32")], idempotencyKey: "k" });
  const adjudication = create(AdjudicationSchema, { claimId: claim.claimId, setlId: "S1", medfeeSumamt: 17_850n, hifpPay: 5_186n, acctPay: -1n });
  const added = [event(ClaimStatus.DELIVERED, "to 32"), event(ClaimStatus.ADJUDICATED, "S1")];
  const patch = create(ClaimEnvelopeSchema, { events: added, adjudication, insuredPlatform: "32" });
  const merged = fromBinary(ClaimEnvelopeSchema, mergeMessageBytes(toBinary(ClaimEnvelopeSchema, original), toBinary(ClaimEnvelopeSchema, patch)));
  const whole = create(ClaimEnvelopeSchema, { ...original, events: [...original.events, ...added], adjudication, insuredPlatform: "32" });
  assert.ok(equals(ClaimEnvelopeSchema, merged, whole));
  assert.equal(merged.events.map((e) => e.status).join(","), [ClaimStatus.RECEIVED, ClaimStatus.ROUTED, ClaimStatus.DELIVERED, ClaimStatus.ADJUDICATED].join(","));
  assert.equal(merged.claim?.feeLines[0]?.detItemFeeSumamt, -2_000n, "the claim is untouched, to the fen");
});
