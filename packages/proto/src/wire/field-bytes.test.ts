// Reading fields as bytes gives what a full decode gives: property-tested over random envelopes,
// including envelopes spliced from several encodings as the hops build them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { ClaimEnvelopeSchema, ClaimSchema, ClaimStatus, SettlementEnvelopeSchema, type ClaimEnvelope } from "../gen/mod.js";
import { mergeMessageBytes } from "./message-bytes.js";
import { messageFieldValue, withoutFields } from "./field-bytes.js";
import { decodeEnvelopeHead } from "./envelope-head.js";

const text = fc.string({ maxLength: 12, unit: "grapheme" });
const fen = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const claim = fc.record({
  claimId: text,
  msgid: text,
  insuplcAdmdvs: fc.stringMatching(/^[1-6]\d{5}$/),
  person: fc.record({ psnNo: text, psnName: text }),
  feeLines: fc.array(fc.record({ feedetlSn: text, detItemFeeSumamt: fen, cntE4: fen }), { maxLength: 6 }),
  totals: fc.record({ medfeeSumamt: fen }),
});
const envelope = fc.record({
  claim: fc.option(claim, { nil: undefined }),
  traceId: text,
  insuredPlatform: text,
  events: fc.array(fc.record({ claimId: text, status: fc.constantFrom(ClaimStatus.RECEIVED, ClaimStatus.ROUTED, ClaimStatus.SETTLED), detail: text }), { maxLength: 4 }),
  adjudication: fc.option(fc.record({ setlId: text, hifpPay: fen }), { nil: undefined }),
});
const CLAIM = ClaimEnvelopeSchema.field.claim.number;

test("without the claim field, an envelope decodes as itself with the claim unset", () => {
  fc.assert(
    fc.property(envelope, (e) => {
      const whole = create(ClaimEnvelopeSchema, e);
      const decoded = fromBinary(ClaimEnvelopeSchema, withoutFields(toBinary(ClaimEnvelopeSchema, whole), [CLAIM]));
      return equals(ClaimEnvelopeSchema, decoded, create(ClaimEnvelopeSchema, { ...e, claim: undefined }));
    }),
  );
});

test("the claim field's bytes decode as the claim, also when the envelope was spliced from parts", () => {
  fc.assert(
    fc.property(envelope, envelope, (a, b) => {
      const bytes = mergeMessageBytes(toBinary(ClaimEnvelopeSchema, create(ClaimEnvelopeSchema, a)), toBinary(ClaimEnvelopeSchema, create(ClaimEnvelopeSchema, b)));
      const full: ClaimEnvelope = fromBinary(ClaimEnvelopeSchema, bytes);
      const value = messageFieldValue(bytes, CLAIM);
      if (full.claim === undefined) return value === undefined;
      return value !== undefined && equals(ClaimSchema, fromBinary(ClaimSchema, value), full.claim);
    }),
  );
});

test("a message without the dropped fields is returned as it is; dropping every field leaves nothing", () => {
  const bytes = toBinary(SettlementEnvelopeSchema, create(SettlementEnvelopeSchema, { traceId: "t", result: { claimId: "C1", status: ClaimStatus.SETTLED } }));
  assert.equal(withoutFields(bytes, [SettlementEnvelopeSchema.field.claim.number]), bytes);
  assert.equal(withoutFields(bytes, [1, 2, 3]).byteLength, 0);
  assert.equal(messageFieldValue(bytes, SettlementEnvelopeSchema.field.claim.number), undefined);
});

test("bytes that are not a message, or a field of another wire type, are refused, not misread", () => {
  assert.throws(() => withoutFields(new Uint8Array([0x0a, 0x05, 0x01]), [1]));
  assert.throws(() => messageFieldValue(new Uint8Array([0x0a, 0x05, 0x01]), 1));
  assert.throws(() => messageFieldValue(toBinary(ClaimSchema, create(ClaimSchema, { kind: 2 })), ClaimSchema.field.kind.number), /not length-delimited/);
});

test("an envelope's head is the envelope with its claim minus the fee lines, and the claim's bytes decode whole", () => {
  fc.assert(
    fc.property(envelope, (e) => {
      const bytes = toBinary(ClaimEnvelopeSchema, create(ClaimEnvelopeSchema, e));
      const full = fromBinary(ClaimEnvelopeSchema, bytes);
      const { envelope: head, claimBytes } = decodeEnvelopeHead(bytes);
      const expected = create(ClaimEnvelopeSchema, { ...full, claim: full.claim === undefined ? undefined : create(ClaimSchema, { ...full.claim, feeLines: [] }) });
      if (!equals(ClaimEnvelopeSchema, head, expected)) return false;
      return full.claim === undefined ? claimBytes === undefined : claimBytes !== undefined && equals(ClaimSchema, fromBinary(ClaimSchema, claimBytes), full.claim);
    }),
  );
});
