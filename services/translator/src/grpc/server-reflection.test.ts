// Server reflection from the hub's protobuf-es descriptors, asked by an independent client (built
// by @grpc/proto-loader from the vendored reflection .proto, in this test process only): v1 and
// v1alpha list the services and return FileDescriptorProtos that describe them; and the running
// translator process loads neither @grpc/proto-loader nor protobufjs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { freePort, startServiceProcess, startTestNats, testPki, type ServiceProcess, type TestNats, type TestPki } from "@tongxing/testkit";

const VENDORED = fileURLToPath(new URL("../../proto", import.meta.url));
const FORBIDDEN = /node_modules\/(@grpc\/proto-loader|protobufjs)\//;

/** An ESM module, preloaded with --import, that writes the CommonJS modules loaded so far at exit. */
const PROBE = `data:text/javascript;base64,${Buffer.from(
  `import Module from "node:module"; import { writeFileSync } from "node:fs";
   process.on("exit", () => writeFileSync(process.env.TONGXING_MODULES_OUT, JSON.stringify(Object.keys(Module._cache))));`,
).toString("base64")}`;

type ReflectionClient = grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, Record<string, unknown>> };

let nats: TestNats;
let translator: ServiceProcess;
let pki: TestPki;
let address: string;
let dir: string;

before(async () => {
  nats = await startTestNats();
  dir = await mkdtemp(join(tmpdir(), "tongxing-reflection-"));
  address = `127.0.0.1:${await freePort()}`;
  pki = await testPki();
  // Served as in production: mTLS (reflection needs TLS, no platform).
  const tls = { TLS_CA_FILE: pki.paths.caCert, TLS_CERT_FILE: pki.paths.serverCert, TLS_KEY_FILE: pki.paths.serverKey };
  translator = await startServiceProcess(
    "translator",
    { ...tls, NATS_URL: nats.url, GRPC_ADDRESS: address, METRICS_ADDRESS: "127.0.0.1:0", NODE_OPTIONS: `--import=${PROBE}`, TONGXING_MODULES_OUT: join(dir, "modules.json") },
    "translator listening on",
  );
});

after(async () => {
  await translator?.stop();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

function reflectionClient(version: "v1" | "v1alpha"): ReflectionClient {
  const def = loadSync(`grpc/reflection/${version}/reflection.proto`, { includeDirs: [VENDORED], keepCase: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { reflection: Record<string, { ServerReflection: new (a: string, c: grpc.ChannelCredentials) => ReflectionClient }> } };
  return new pkg.grpc.reflection[version]!.ServerReflection(address, pki.credentials("37"));
}

/** Sends requests on one reflection stream and collects one answer per request. */
async function ask(client: ReflectionClient, requests: readonly unknown[]): Promise<Record<string, unknown>[]> {
  const call = client.ServerReflectionInfo();
  const answers: Record<string, unknown>[] = [];
  const done = new Promise<void>((resolve, reject) => {
    call.on("data", (r: Record<string, unknown>) => {
      answers.push(r);
      if (answers.length === requests.length) call.end();
    });
    call.on("end", resolve);
    call.on("error", reject);
  });
  for (const r of requests) call.write(r);
  await done;
  return answers;
}

const descriptors = (answer: Record<string, unknown>) =>
  ((answer.file_descriptor_response as { file_descriptor_proto: Buffer[] } | undefined)?.file_descriptor_proto ?? []).map((b) => fromBinary(FileDescriptorProtoSchema, b));

for (const version of ["v1", "v1alpha"] as const) {
  test(`reflection ${version}: ListServices, FileContainingSymbol (service, method, message), FileByFilename, unknown symbol`, async () => {
    const client = reflectionClient(version);
    try {
      const [listed, bySymbol, byMethod, byMessage, byFile, unknown] = await ask(client, [
        { list_services: "" },
        { file_containing_symbol: "tongxing.v1.ClaimGateway" },
        { file_containing_symbol: "tongxing.v1.Reconciliation.ReconcileTotals" },
        { file_containing_symbol: "tongxing.v1.Claim" },
        { file_by_filename: "tongxing/v1/province_link.proto" },
        { file_containing_symbol: "tongxing.v1.NoSuchThing" },
      ]);
      const names = (listed!.list_services_response as { service: { name: string }[] }).service.map((s) => s.name);
      for (const s of ["tongxing.v1.ClaimGateway", "tongxing.v1.ProvinceLink", "tongxing.v1.FilingRegistry", "tongxing.v1.Reconciliation", "grpc.health.v1.Health"]) assert.ok(names.includes(s), `${s} listed`);
      const gatewayFiles = descriptors(bySymbol!);
      const gateway = gatewayFiles.find((f) => f.name === "tongxing/v1/claim_gateway.proto");
      assert.ok(gateway, "the file declaring ClaimGateway comes back");
      assert.deepEqual(gateway.service.find((s) => s.name === "ClaimGateway")?.method.map((m) => m.name).sort(), ["CancelSettlement", "GetClaim", "PreSettleClaim", "SettleClaim", "SubmitClaim"]);
      for (const dep of gateway.dependency) assert.ok(gatewayFiles.some((f) => f.name === dep), `its import ${dep} comes along`);
      assert.ok(descriptors(byMethod!).some((f) => f.name === "tongxing/v1/reconciliation.proto"), "a method names its service's file");
      const claimFile = descriptors(byMessage!).find((f) => f.name === "tongxing/v1/claim.proto");
      assert.ok((claimFile?.messageType.find((m) => m.name === "Claim")?.field.length ?? 0) > 3, "Claim is described with its fields");
      assert.ok(descriptors(byFile!).some((f) => f.name === "tongxing/v1/province_link.proto"));
      assert.equal((unknown!.error_response as { error_code: number }).error_code, grpc.status.NOT_FOUND);
    } finally {
      client.close();
    }
  });
}

test("the translator process loads neither @grpc/proto-loader nor protobufjs", async () => {
  await translator.stop();
  const loaded = JSON.parse(readFileSync(join(dir, "modules.json"), "utf8")) as string[];
  assert.ok(loaded.some((m) => m.includes("node_modules/@grpc/grpc-js/")), `the probe sees the translator's modules (${loaded.length} loaded)`);
  assert.deepEqual(loaded.filter((m) => FORBIDDEN.test(m)), []);
});

test("the probe does see proto-loader when something imports it (control)", async () => {
  const out = join(dir, "control.json");
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(process.execPath, ["--import", PROBE, "--input-type=module", "-e", 'await import("@grpc/proto-loader")'], {
    cwd: fileURLToPath(new URL("../../", import.meta.url)),
    env: { ...process.env, TONGXING_MODULES_OUT: out },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const loaded = JSON.parse(readFileSync(out, "utf8")) as string[];
  assert.ok(loaded.some((m) => FORBIDDEN.test(m)), "proto-loader and protobufjs show up in the module list");
});
