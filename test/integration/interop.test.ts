// Any gRPC client can use the hub: a client built only from the repository's .proto files with
// @grpc/proto-loader (not the hub's generated code) settles a claim, server reflection lists and
// describes the services, and grpc.health.v1 answers SERVING.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { startTestHub, type TestHub } from "@tongxing/testkit";

const PROTO_ROOT = fileURLToPath(new URL("../../proto", import.meta.url));
// the translator's vendored copies of grpc/grpc-proto's reflection and health definitions
const GRPC_PROTO = fileURLToPath(new URL("../../services/translator/proto", import.meta.url));
const REFLECTION_PROTO = join(GRPC_PROTO, "grpc/reflection/v1/reflection.proto");
const HEALTH_PROTO = join(GRPC_PROTO, "grpc/health/v1/health.proto");

let hub: TestHub;
let platforms: SimulatedPlatforms;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
});

after(async () => {
  platforms.close();
  await hub.stop();
});

type Callback = (err: grpc.ServiceError | null, res: Record<string, unknown>) => void;
type AnyClient = grpc.Client & Record<string, (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback) => void>;

function unary(client: AnyClient, method: string, request: unknown, md = new grpc.Metadata()): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    client[method]!(request, md, { deadline: Date.now() + 20_000 }, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

test("a proto-loader client built from proto/ settles a claim", async () => {
  const pkg = grpc.loadPackageDefinition(
    loadSync("tongxing/v1/claim_gateway.proto", { includeDirs: [PROTO_ROOT], keepCase: true, longs: String, enums: String, defaults: true }),
  ) as unknown as { tongxing: { v1: { ClaimGateway: new (a: string, c: grpc.ChannelCredentials) => AnyClient } } };
  const client = new pkg.tongxing.v1.ClaimGateway(hub.address, hub.pki.credentials("37"));
  const md = new grpc.Metadata();
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 31, seed: 31 });
  const res = await unary(client, "SettleClaim", { dialect: "nhsa-json", payload: Buffer.from(message.payload) }, md);
  client.close();
  assert.equal(res.status, "CLAIM_STATUS_SETTLED");
  const settlement = res.settlement as { adjudication: { medfee_sumamt: string } };
  assert.match(settlement.adjudication.medfee_sumamt, /^\d+$/, "amounts are integer fen");
  const national = JSON.parse(Buffer.from(res.payload as Buffer).toString("utf8")) as { infcode: string };
  assert.equal(national.infcode, "0");
});

test("server reflection lists and describes the hub's services", async () => {
  const pkg = grpc.loadPackageDefinition(loadSync(REFLECTION_PROTO, { keepCase: true })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (a: string, c: grpc.ChannelCredentials) => grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, Record<string, unknown>> } } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(hub.address, hub.pki.credentials("37"));
  const ask = (request: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on("data", (r) => {
        resolve(r);
        call.end();
      });
      call.on("error", reject);
      call.write(request);
    });
  const listed = (await ask({ list_services: "" })) as { list_services_response: { service: { name: string }[] } };
  const names = listed.list_services_response.service.map((s) => s.name);
  assert.ok(names.includes("tongxing.v1.ClaimGateway"));
  assert.ok(names.includes("tongxing.v1.ProvinceLink"));
  const described = (await ask({ file_containing_symbol: "tongxing.v1.ClaimGateway" })) as {
    file_descriptor_response: { file_descriptor_proto: Buffer[] };
  };
  assert.ok(described.file_descriptor_response.file_descriptor_proto.length > 0);
  client.close();
});

test("grpc.health.v1 reports the gateway serving", async () => {
  const pkg = grpc.loadPackageDefinition(loadSync(HEALTH_PROTO, { keepCase: true, enums: String })) as unknown as {
    grpc: { health: { v1: { Health: new (a: string, c: grpc.ChannelCredentials) => AnyClient } } };
  };
  const client = new pkg.grpc.health.v1.Health(hub.address, hub.pki.credentials("37"));
  const res = await unary(client, "Check", { service: "tongxing.v1.ClaimGateway" });
  client.close();
  assert.equal(res.status, "SERVING");
});
