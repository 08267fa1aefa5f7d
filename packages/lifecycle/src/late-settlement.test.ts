import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema } from "@tongxing/proto";
import { beijingTimeMs, beijingTimeText, lateSettlementDeadlineMs, lateSettlementRefundFen } from "./late-settlement.js";

test("the deadline is calendar months after the outage ended, in Beijing time; a month's end stays its end", () => {
  const end = beijingTimeMs("2026-12-05 06:00:00");
  assert.ok(end !== undefined);
  assert.equal(beijingTimeText(lateSettlementDeadlineMs(end, 3)), "2027-03-05 06:00:00");
  assert.equal(beijingTimeText(lateSettlementDeadlineMs(beijingTimeMs("2026-11-30 23:59:59") ?? 0, 3)), "2027-02-28 23:59:59");
  assert.equal(beijingTimeText(lateSettlementDeadlineMs(beijingTimeMs("2026-12-31") ?? 0, 2)), "2027-02-28 00:00:00");
  assert.equal(beijingTimeMs("2026-02-31"), undefined, "not a date");
  assert.equal(beijingTimeMs("2026-12-05T06:00:00Z"), undefined, "not the national format");
});

test("the refund owed is the cash paid minus the patient's cash share; absent cash is no refund, not zero", () => {
  const adjudication = create(AdjudicationSchema, { psnCashPay: 3_050n });
  const late = (cashPaidAmt?: bigint) => create(ClaimSchema, { lateSettlement: cashPaidAmt === undefined ? {} : { cashPaidAmt, outageEnd: "2026-12-05" } });
  assert.equal(lateSettlementRefundFen(late(12_000n), adjudication), 8_950n);
  assert.equal(lateSettlementRefundFen(late(3_000n), adjudication), -50n, "the patient paid less than the share");
  assert.equal(lateSettlementRefundFen(late(), adjudication), undefined);
  assert.equal(lateSettlementRefundFen(create(ClaimSchema), adjudication), undefined, "not a late claim");
});
