// A response handed over already encoded reaches the other side as the message it encodes:
// the link splices the claim into its deliveries as the bytes it received.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, equals, toBinary } from "@bufbuild/protobuf";
import { ClaimDeliverySchema, ClaimSchema, ConnectResponseSchema, ProvinceLink } from "../gen/mod.js";
import { mergeMessageBytes, messageFieldBytes } from "../wire/mod.js";
import { encodedMessage, toGrpcServiceDefinition } from "./service-definition.js";

const connect = toGrpcServiceDefinition(ProvinceLink).connect!;
const claim = create(ClaimSchema, { claimId: "C1", insuplcAdmdvs: "320100", feeLines: [{ feedetlSn: "1", detItemFeeSumamt: 12_345n }, { feedetlSn: "2", detItemFeeSumamt: -5n }] });

test("bytes are sent as they are; a message is encoded", () => {
  const whole = create(ConnectResponseSchema, { msg: { case: "claim", value: { deliveryId: "c7.1", attempt: 1, claim } } });
  const spliced = messageFieldBytes(
    ConnectResponseSchema.field.claim.number,
    mergeMessageBytes(toBinary(ClaimDeliverySchema, create(ClaimDeliverySchema, { deliveryId: "c7.1", attempt: 1 })), messageFieldBytes(ClaimDeliverySchema.field.claim.number, toBinary(ClaimSchema, claim))),
  );
  const sent = connect.responseSerialize(encodedMessage(spliced));
  assert.deepEqual(new Uint8Array(sent), spliced, "passed through untouched");
  const received = connect.responseDeserialize(sent);
  assert.ok(equals(ConnectResponseSchema, received as never, whole), "the other side reads the whole delivery, fee lines and all");
  assert.deepEqual(new Uint8Array(connect.responseSerialize(whole)), toBinary(ConnectResponseSchema, whole));
});
