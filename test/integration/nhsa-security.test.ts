// A province that encrypts (SM4) and signs (SM2) its national messages, configured by its routing
// entry's keys: its claim settles end to end and its answer comes back sealed with its key.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { badRequestOf } from "@tongxing/proto/grpc";
import { putPlatform, watchRoutingTable } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { sm2SignBase64, sm4DecryptFromBase64, sm4EncryptToBase64 } from "@tongxing/dialects";

const province = generateKeyPairSync("ec", { namedCurve: "SM2" });
const sm4Key = randomBytes(16).toString("hex");
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "security-test" });
  const kv = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(kv);
  await putPlatform(kv, { ...watched.table.platform("37")!, security: { sm4Key, sm2PublicKey: String(province.publicKey.export({ type: "spki", format: "pem" })) } });
  watched.stop();
  await new Promise((r) => setTimeout(r, 300));
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

function sealed(seq: number, signWith = province.privateKey): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as unknown as Record<string, unknown>;
  m.input = sm4EncryptToBase64(sm4Key, JSON.stringify(m.input));
  m.cainfo = sm2SignBase64(String(signWith.export({ type: "pkcs8", format: "pem" })), `${String(m.infno)}${String(m.msgid)}${String(m.input)}`);
  return new TextEncoder().encode(JSON.stringify(m));
}

test("an encrypted, signed 2207 settles and the answer's output is sealed with the platform's key", async () => {
  const res = await shandong.settle(sealed(1));
  assert.equal(res.status, ClaimStatus.SETTLED);
  const answer = JSON.parse(new TextDecoder().decode(res.payload)) as { infcode: string; output: string };
  assert.equal(answer.infcode, "0");
  const output = JSON.parse(sm4DecryptFromBase64(sm4Key, answer.output).toString("utf8")) as { setlinfo: { setl_id: string } };
  assert.equal(output.setlinfo.setl_id, res.settlement?.adjudication?.setlId);
});

test("a message signed with another key is refused on cainfo", async () => {
  const impostor = generateKeyPairSync("ec", { namedCurve: "SM2" });
  await assert.rejects(shandong.settle(sealed(2, impostor.privateKey)), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
    assert.equal(badRequestOf(err)?.fieldViolations[0]?.field, "cainfo");
    return true;
  });
});
