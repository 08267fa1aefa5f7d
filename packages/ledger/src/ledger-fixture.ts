import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { JetStreamClient } from "@nats-io/jetstream";
import { Subjects } from "@tongxing/nats";
import { LedgerEntryKind, LedgerEntrySchema } from "@tongxing/proto";

/**
 * Appends `count` settlement entries to LEDGER as the auditor does (one subject per claim), posted
 * now; claim ids start at `firstSeq`. For the window reader's test and `npm run bench:ledger`.
 */
export async function appendLedgerEntries(js: JetStreamClient, firstSeq: number, count: number, inFlight = 256): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let i = firstSeq; i < firstSeq + count; i++) {
    const claimId = `C${i.toString(16).padStart(24, "0")}`;
    const entry = create(LedgerEntrySchema, {
      claimId,
      kind: LedgerEntryKind.SETTLEMENT,
      period: "209901",
      insuplcAdmdvs: "320100",
      mdtrtareaAdmvs: "370102",
      setlId: `S${i}`,
      medfeeSumamt: 10_000n,
      fundPaySumamt: 6_000n,
      acctPay: 1_000n,
      postedAt: timestampFromMs(Date.now()),
    });
    pending.push(js.publish(Subjects.ledger("settlement", claimId), toBinary(LedgerEntrySchema, entry)));
    if (pending.length >= inFlight) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}
