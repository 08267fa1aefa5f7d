import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import type { TestHub } from "@tongxing/testkit";
import { buildCancelMessage } from "../claims/cancel-message.js";

/** A settled claim to cancel, then to try to reverse the cancel of. */
export interface ReversalTarget {
  readonly platform: string;
  readonly claimId: string;
  readonly setlId: string;
  /** The settle message it came from (nhsa-json), for mdtrt_id, psn_no and the regions. */
  readonly settleJson: { msgid: string; mdtrtarea_admvs: string; insuplc_admdvs: string; fixmedins_code: string; input: { data: Record<string, unknown> } };
}

/** What the planted reversal of a reversal got. */
export interface ReversalOutcome {
  /** The first, legitimate cancel reversed the settlement. */
  readonly setupCancelled: boolean;
  /** The hub refused to reverse again (a repeat answered from the record, or a 2601 of the cancel refused) and posted no second entry. */
  readonly caught: boolean;
  readonly how: string;
}

/**
 * Plants "reversal of a reversal" on settled claims: each is cancelled (2208, must be reversed),
 * then the treatment side tries to reverse that reversal: half the time a second 2208 under a
 * new msgid, half the time a 2601 (冲正) naming the cancel's msgid. Caught when the hub neither
 * reverses again nor restores the settlement: the second 2208 is answered as a repeat
 * (duplicate, CANCELLED) or the 2601 is refused, and the claim has exactly one reversal entry.
 */
export async function plantReversalOfReversal(hub: TestHub, targets: readonly ReversalTarget[]): Promise<ReversalOutcome[]> {
  const nc = await connectNats({ servers: hub.nats.url, name: "anomaly-reversals" });
  const jsm = await jetstreamManager(nc);
  const clients = new Map<string, ReturnType<typeof createGrpcClient>>();
  const client = (platform: string) => {
    let c = clients.get(platform);
    if (c === undefined) clients.set(platform, (c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials(platform) })));
    return c;
  };
  const cancel = (platform: string, payload: Uint8Array) =>
    callUnary(client(platform), ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "nhsa-json", payload }), { metadata: { "x-tongxing-platform": platform }, timeoutMs: 60_000 });
  const entries = async (claimId: string) => {
    const subject = Subjects.ledger("reversal", claimId);
    return (await jsm.streams.info(Streams.LEDGER, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
  };
  try {
    return await Promise.all(
      targets.map(async (t, i): Promise<ReversalOutcome> => {
        const d = t.settleJson.input.data;
        const fields = { setlId: t.setlId, mdtrtId: String(d.mdtrt_id), psnNo: String(d.psn_no), mdtrtareaAdmvs: t.settleJson.mdtrtarea_admvs, insuplcAdmdvs: t.settleJson.insuplc_admdvs, fixmedinsCode: t.settleJson.fixmedins_code };
        const cancelMsgid = `${t.settleJson.msgid.slice(0, 22)}C${String(i).padStart(7, "0")}`;
        const first = await cancel(t.platform, buildCancelMessage("nhsa-json", { ...fields, msgid: cancelMsgid })).catch(() => undefined);
        const setupCancelled = first?.status === ClaimStatus.CANCELLED && !first.duplicate;
        let refusedAgain: boolean;
        let how: string;
        if (i % 2 === 0) {
          const again = await cancel(t.platform, buildCancelMessage("nhsa-json", { ...fields, msgid: `${t.settleJson.msgid.slice(0, 22)}V${String(i).padStart(7, "0")}` })).catch(() => undefined);
          refusedAgain = again?.status === ClaimStatus.CANCELLED && again.duplicate;
          how = "repeat (2208 again)";
        } else {
          const undo = { infno: "2601", msgid: `${t.settleJson.msgid.slice(0, 22)}U${String(i).padStart(7, "0")}`, mdtrtarea_admvs: fields.mdtrtareaAdmvs, insuplc_admdvs: fields.insuplcAdmdvs, fixmedins_code: fields.fixmedinsCode, input: { data: { omsgid: cancelMsgid, oinfno: "2208", psn_no: fields.psnNo } } };
          refusedAgain = await cancel(t.platform, new TextEncoder().encode(JSON.stringify(undo))).then(
            () => false,
            (e: ServiceError) => e.code === GrpcStatus.INVALID_ARGUMENT || e.code === GrpcStatus.FAILED_PRECONDITION,
          );
          how = "refused (2601 of the cancel)";
        }
        const caught = refusedAgain && (await entries(t.claimId)) === 1;
        return { setupCancelled, caught, how: caught ? how : "missed" };
      }),
    );
  } finally {
    for (const c of clients.values()) c.close();
    await nc.drain();
  }
}
