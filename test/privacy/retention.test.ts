// Retention: settled claims past their retention are removed by the auditor's pruning job
// (record with the message as received it keeps, settlement index, the person's history), while the ledger, which clearing reads, keeps
// every entry: the period's totals are the same before and after. Not yet past it: nothing goes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/nats-core";
import { pruneExpired, resolveRetention } from "@tongxing/auditor";
import { openClaimStore, type ClaimStore } from "@tongxing/claim-store";
import { nhsaJsonDialect } from "@tongxing/dialects";
import { readLedger } from "@tongxing/ledger";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { openReceivedPayload } from "@tongxing/privacy";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const DAY_MS = 86_400_000;
let hub: TestHub;
let platforms: SimulatedPlatforms;
let jiangsu: GatewayClient;
let nc: NatsConnection;
let store: ClaimStore;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  jiangsu = createGatewayClient(hub.address, "32");
  nc = await connectNats({ servers: hub.nats.url, name: "retention-test" });
  store = await openClaimStore(nc, {});
});

after(async () => {
  await nc.drain();
  jiangsu.close();
  platforms.close();
  await hub.stop();
});

/** Per period: entries, fund and account totals (fen), as clearing sums them. */
async function ledgerTotals(): Promise<Record<string, { entries: number; fundFen: bigint; acctFen: bigint }>> {
  const totals: Record<string, { entries: number; fundFen: bigint; acctFen: bigint }> = {};
  for await (const e of readLedger(nc)) {
    const t = (totals[e.period] ??= { entries: 0, fundFen: 0n, acctFen: 0n });
    t.entries++;
    t.fundFen += e.fundPaySumamt;
    t.acctFen += e.acctPay;
  }
  return totals;
}

test("a settled claim past its retention is gone, and the ledger totals of its period are unchanged", async () => {
  const settled: { claimId: string; setlId: string; psnNo: string; payload: Uint8Array }[] = [];
  for (let seq = 1; seq <= 2; seq++) {
    const psnNo = `3701000000000000092${seq}`;
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "320102", insuredAdmdvs: "370100", seq, seed: 9200 + seq, psnNo, insutype: "310" });
    assert.equal(nhsaJsonDialect.decodeClaim(m.payload).claim.person?.psnNo, psnNo);
    const res = await jiangsu.settle(m.payload, { timeoutMs: 60_000 });
    assert.equal(res.status, ClaimStatus.SETTLED, res.settlement?.verdict?.findings.map((f) => f.message).join("; "));
    settled.push({ claimId: res.claimId, setlId: res.settlement?.adjudication?.setlId ?? "", psnNo, payload: m.payload });
  }
  const totalsBefore = await ledgerTotals();
  assert.ok(Object.values(totalsBefore).some((t) => t.entries >= 2 && t.fundFen + t.acctFen > 0n), "the settlements are in the ledger");
  const first = settled[0]!;
  const encounters = [];
  for (const s of settled) encounters.push(...(await store.readHistory("370100", s.psnNo)).history.encounters);
  assert.equal(encounters.length, 2, "each person has a history");
  // A history's retention counts from its newest encounter's end of care (the claim's own date).
  const oldestEndMs = Math.min(...encounters.map((e) => e.endMs));
  const spreadMs = Math.max(...encounters.map((e) => e.endMs)) - oldestEndMs;
  const sinceEndDays = (Date.now() - oldestEndMs) / DAY_MS;
  assert.equal(await store.findSettlement("32", first.setlId), first.claimId);
  // The message as received (personal data, sealed) lives in the record, so it goes with it.
  for (const s of settled) {
    const received = (await store.read(s.claimId))?.record.received;
    assert.ok(received !== undefined && Buffer.from(openReceivedPayload(received.sealedPayload)).equals(Buffer.from(s.payload)), "the record keeps the message as received");
  }

  const retention = resolveRetention({ claimRecordDays: 30, personHistoryDays: sinceEndDays + 30, pruneIntervalMs: 0 });
  const early = await pruneExpired(store, retention, Date.now() + 29 * DAY_MS);
  assert.deepEqual(early, { claimRecords: 0, personHistories: 0 }, "within retention nothing is removed");
  assert.ok((await store.read(first.claimId)) !== undefined);

  const late = await pruneExpired(store, retention, Date.now() + 31 * DAY_MS + spreadMs);
  assert.ok(late.claimRecords >= 2 && late.personHistories >= 2, JSON.stringify(late));
  for (const s of settled) {
    assert.equal(await store.read(s.claimId), undefined, "the record is gone");
    // The settlement index is the ledger entry's subject, kept like the ledger: it names a claim
    // that no longer exists, so a cancel naming the settlement finds nothing to reverse.
    assert.equal(await store.findSettlement("32", s.setlId), s.claimId, "the ledger still names the claim");
    assert.equal((await store.readHistory("370100", s.psnNo)).revision, undefined, "and the person's history");
    await assert.rejects(jiangsu.get(s.claimId), (err: ServiceError) => err.code === GrpcStatus.NOT_FOUND);
  }
  // No record left holds either message as received.
  const sent = settled.map((s) => Buffer.from(s.payload));
  for (const id of (await store.claimIds(Number.MAX_SAFE_INTEGER)).ids) {
    const received = (await store.read(id))?.record.received;
    if (received === undefined) continue;
    const kept = Buffer.from(openReceivedPayload(received.sealedPayload));
    assert.ok(!sent.some((p) => p.equals(kept)), `claim ${id} still holds a pruned claim's message`);
  }
  assert.deepEqual(await ledgerTotals(), totalsBefore, "the ledger keeps every entry: the totals are unchanged");
});
