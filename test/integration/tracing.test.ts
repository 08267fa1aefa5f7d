// One trace per claim: the SettleClaim server span, every NATS hop and the way back, with the
// hub's own trace id (the one in the claim's events) as the OpenTelemetry trace id.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimGateway, ClaimStatus, SettleClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const exporter = new InMemorySpanExporter();
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  hub = await startTestHub({ spanExporter: exporter });
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

/**
 * The hop spans of one SettleClaim claim, from the call to the result it answers with (the result
 * is not pushed on the submitter's link as well: no `deliver result`).
 */
const CHAIN = ["SettleClaim", "publish DELIVERY", "deliver", "adjudicated", "audit", "publish answer"] as const;
/** A SubmitClaim claim's: its result goes back on the submitter's link. */
const SUBMIT_CHAIN = ["SubmitClaim", "publish DELIVERY", "deliver", "adjudicated", "audit", "publish SETTLEMENTS", "deliver result"] as const;

/** Waits until the trace holds every span of the chain (a `deliver result` ends when the platform acks it). */
async function traceOf(traceId: string, chain: readonly string[] = CHAIN): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    if (chain.every((name) => spans.some((s) => s.name === name)) || Date.now() > deadline) return spans;
    await sleep(50);
  }
}

function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  assert.equal(found.length, 1, `exactly one "${name}" span in the trace (found ${found.length})`);
  return found[0]!;
}

function assertChild(child: ReadableSpan, parent: ReadableSpan): void {
  assert.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId, `"${child.name}" is a child of "${parent.name}"`);
}

const serviceOf = (span: ReadableSpan) => span.resource.attributes["service.name"];

test("a settled claim is one trace: server span → publish (routed at intake) → deliver → adjudicated (request) → audit → answer, trace id = the claim's", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 901, seed: 11 });
  const res = await shandong.settle(message.payload);
  assert.equal(res.status, ClaimStatus.SETTLED);
  const record = (await shandong.get(res.claimId)).record;
  const traceId = record?.events[0]?.traceId ?? "";
  assert.match(traceId, /^[0-9a-f]{32}$/);
  assert.ok(record?.events.every((e) => e.traceId === traceId), "every event of the claim has the same trace id");

  const spans = await traceOf(traceId);
  const [server, publishClaims, deliver, adjudicated, audit, publishSettlement] = CHAIN.map((name) => only(spans, name));
  assert.ok(server && publishClaims && deliver && adjudicated && audit && publishSettlement);

  assert.equal(server.parentSpanContext, undefined, "the server span is the trace's root (the caller sent no traceparent)");
  assertChild(publishClaims, server);
  assertChild(deliver, publishClaims);
  assertChild(adjudicated, deliver);
  assertChild(audit, adjudicated);
  assertChild(publishSettlement, audit);

  assert.deepEqual(
    [server, publishClaims, deliver, adjudicated, audit, publishSettlement].map(serviceOf),
    ["translator", "translator", "translator", "translator", "auditor", "auditor"],
  );
  assert.equal(server.attributes["rpc.method"], "SettleClaim");
  assert.equal(server.attributes["tongxing.claim_id"], res.claimId);
  assert.equal(server.attributes["tongxing.claim.status"], "SETTLED");
  assert.equal(audit.attributes["tongxing.verdict.outcome"], "APPROVE");
  assert.equal(publishClaims.attributes["messaging.destination.name"], "tongxing.delivery.32");
  assert.ok(!spans.some((s) => s.name === "route"), "the router is not on the claim's path");
  assert.ok(server.endTime[0] * 1e9 + server.endTime[1] >= publishSettlement.startTime[0] * 1e9 + publishSettlement.startTime[1], "the call ends after the result was published");
  assert.ok(spans.every((s) => s.status.code !== 2 /* ERROR */), "no span of a settled claim failed");
  await sleep(300);
  assert.ok(!exporter.getFinishedSpans().some((s) => s.spanContext().traceId === traceId && s.name === "deliver result"), "an answered result is not pushed on the link");
});

test("a submitted claim's trace goes on to the result delivered back on the submitter's link", async () => {
  const message = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 903, seed: 13 });
  const accepted = await shandong.submit(message.payload);
  let traceId = "";
  for (const deadline = Date.now() + 10_000; traceId === "" && Date.now() < deadline; await sleep(50)) {
    const record = (await shandong.get(accepted.claimId)).record;
    if (record?.status === ClaimStatus.SETTLED) traceId = record.events[0]?.traceId ?? "";
  }
  assert.match(traceId, /^[0-9a-f]{32}$/, "settled, with a trace id");
  const spans = await traceOf(traceId, SUBMIT_CHAIN);
  const [server, publishClaims, , , audit, publishSettlement, deliverResult] = SUBMIT_CHAIN.map((name) => only(spans, name));
  assert.ok(server && publishClaims && audit && publishSettlement && deliverResult);
  assert.equal(server.parentSpanContext, undefined);
  assertChild(publishClaims, server);
  assertChild(publishSettlement, audit);
  assertChild(deliverResult, publishSettlement);
  assert.equal(serviceOf(deliverResult), "translator");
  assert.equal(deliverResult.attributes["tongxing.platform"], "37");
});

test("a caller's traceparent is honoured: the claim joins the caller's trace", async () => {
  const callerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const callerSpanId = "00f067aa0ba902b7";
  const client = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    const message = buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 902, seed: 12 });
    const res = await callUnary(client, ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: "nhsa-json", payload: message.payload }), {
      metadata: { "x-tongxing-platform": "37", traceparent: `00-${callerTraceId}-${callerSpanId}-01` },
      timeoutMs: 20_000,
    });
    assert.equal(res.status, ClaimStatus.SETTLED);
    const record = (await shandong.get(res.claimId)).record;
    assert.equal(record?.events[0]?.traceId, callerTraceId, "the claim's trace id is the caller's");
    const spans = await traceOf(callerTraceId);
    const server = only(spans, "SettleClaim");
    assert.equal(server.parentSpanContext?.spanId, callerSpanId, "the server span is a child of the caller's span");
    assertChild(only(spans, "audit"), only(spans, "adjudicated"));
  } finally {
    client.close();
  }
});
