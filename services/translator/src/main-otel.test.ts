// The translator's main starts the OpenTelemetry Node SDK from the standard OTEL_* variables:
// run as its own process against an OTLP/HTTP (JSON) receiver on loopback, it exports the span of
// a GetClaim call with the service name and resource attributes the variables set, and exports
// nothing when OTEL_TRACES_SAMPLER=always_off.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { ClaimGateway, GetClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats, ensureTopology } from "@tongxing/nats";
import { defaultPlatformEntries, seedPlatforms } from "@tongxing/routing";
import { freePort, startServiceProcess, startTestNats, testPki, type TestNats } from "@tongxing/testkit";

interface OtlpSpan {
  readonly name: string;
  readonly traceId: string;
  readonly attributes?: { key: string; value: Record<string, unknown> }[];
}
interface OtlpExport {
  readonly resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

let nats: TestNats;
let receiver: Server;
let received: OtlpExport[] = [];
let tracesUrl: string;

before(async () => {
  nats = await startTestNats();
  // Only the translator runs here, so the routing table (which names platform 37) is seeded by hand.
  const nc = await connectNats({ servers: nats.url, name: "otel-test-seed" });
  try {
    await ensureTopology(nc, await jetstreamManager(nc));
    await seedPlatforms(await new Kvm(nc).open(Buckets.ROUTING), defaultPlatformEntries());
  } finally {
    await nc.close();
  }
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces") received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  tracesUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
});

after(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  await nats.stop();
});

/** Starts the translator's main with the variables, makes one GetClaim call, stops it (flushing). */
async function runTranslatorOnce(otel: Record<string, string>): Promise<OtlpExport[]> {
  received = [];
  const address = `127.0.0.1:${await freePort()}`;
  const pki = await testPki();
  const tls = { TLS_CA_FILE: pki.paths.caCert, TLS_CERT_FILE: pki.paths.serverCert, TLS_KEY_FILE: pki.paths.serverKey };
  const translator = await startServiceProcess(
    "translator",
    { ...tls, NATS_URL: nats.url, GRPC_ADDRESS: address, METRICS_ADDRESS: "127.0.0.1:0", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesUrl, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_BSP_SCHEDULE_DELAY: "100", ...otel },
    "translator listening on",
  );
  const client = createGrpcClient(ClaimGateway, address, { credentials: pki.credentials("37") });
  try {
    await callUnary(client, ClaimGateway.method.getClaim, create(GetClaimRequestSchema, { claimId: "C0123456789abcdef01234567" }), { timeoutMs: 10_000 }).catch(() => undefined);
  } finally {
    client.close();
    await translator.stop();
  }
  return received;
}

const spansOf = (exports: readonly OtlpExport[]) => exports.flatMap((e) => e.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans.map((span) => ({ span, resource: rs.resource })))));
const attr = (resource: OtlpExport["resourceSpans"][number]["resource"], key: string) => resource.attributes.find((a) => a.key === key)?.value.stringValue;

test("OTEL_TRACES_SAMPLER=always_on: the GetClaim span is exported with OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES", async () => {
  const spans = spansOf(await runTranslatorOnce({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "always_on", OTEL_SERVICE_NAME: "translator-edge-a", OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=otel-test,service.namespace=tongxing" }));
  const getClaim = spans.find((s) => s.span.name === "GetClaim");
  assert.ok(getClaim, `a GetClaim span among ${spans.map((s) => s.span.name).join(", ") || "no spans"}`);
  assert.equal(attr(getClaim.resource, "service.name"), "translator-edge-a");
  assert.equal(attr(getClaim.resource, "deployment.environment"), "otel-test");
  assert.equal(attr(getClaim.resource, "service.namespace"), "tongxing");
  assert.match(getClaim.span.traceId, /^[0-9a-f]{32}$/);
  assert.ok(getClaim.span.attributes?.some((a) => a.key === "rpc.method" && a.value.stringValue === "GetClaim"));
});

test("OTEL_TRACES_SAMPLER=always_off: nothing is exported; without OTEL_SERVICE_NAME the name is the service's", async () => {
  assert.deepEqual(spansOf(await runTranslatorOnce({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "always_off" })), []);
  const spans = spansOf(await runTranslatorOnce({ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "1" }));
  const getClaim = spans.find((s) => s.span.name === "GetClaim");
  assert.ok(getClaim, "traceidratio with OTEL_TRACES_SAMPLER_ARG=1 samples everything");
  assert.equal(attr(getClaim.resource, "service.name"), "translator");
});
