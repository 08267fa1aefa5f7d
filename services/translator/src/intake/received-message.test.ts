import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { openReceivedPayload } from "@tongxing/privacy";
import { RECEIVED_COPY_MAX_BYTES, receivedCopyOf } from "./received-message.js";

const sm3 = (b: Uint8Array) => new Uint8Array(createHash("sm3").update(b).digest());

test("a message keeps a whole copy while the record has room, else its first bytes; the digest is of the whole", () => {
  const payload = new TextEncoder().encode("H".repeat(5_000));
  const whole = receivedCopyOf(payload, "jinbao-legacy", 10_000, 1024 * 1024);
  assert.equal(whole.message.truncated, false);
  assert.equal(whole.message.contentType, "text/plain; charset=GBK");
  assert.deepEqual(new Uint8Array(openReceivedPayload(whole.message.sealedPayload)), payload);
  // Room: the record's limit less twice the claim and 64 KiB of headroom.
  const tight = receivedCopyOf(payload, "jinbao-legacy", 10_000, 2 * 10_000 + 64 * 1024 + 1_200);
  assert.equal(tight.message.truncated, true);
  assert.equal(tight.message.sizeBytes, 5_000n);
  assert.deepEqual(new Uint8Array(openReceivedPayload(tight.message.sealedPayload)), payload.subarray(0, 1_200));
  assert.deepEqual(tight.digest, sm3(payload));
  assert.deepEqual(tight.digest, whole.digest);
  const none = receivedCopyOf(payload, "nhsa-json", 600_000, 1024 * 1024);
  assert.equal(openReceivedPayload(none.message.sealedPayload).byteLength, 0, "no room: nothing kept, the digest still");
  const big = new Uint8Array(RECEIVED_COPY_MAX_BYTES + 10);
  assert.equal(openReceivedPayload(receivedCopyOf(big, "nhsa-json", 1_000, 8 * 1024 * 1024).message.sealedPayload).byteLength, RECEIVED_COPY_MAX_BYTES);
});
