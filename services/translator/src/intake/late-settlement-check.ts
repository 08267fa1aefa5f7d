import { InvalidInputError } from "@tongxing/domain";
import { beijingTimeMs, beijingTimeText, DEFAULT_LATE_SETTLEMENT_MONTHS, lateSettlementDeadlineMs } from "@tongxing/lifecycle";
import type { Claim, LateSettlement } from "@tongxing/proto";
import type { MaintenanceWindow, PlatformEntry } from "@tongxing/routing";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A late claim (补录重新结算: care paid in cash during a maintenance window or outage of the
 * insured platform) must refer to a real one: a window of the insured platform's routing entry
 * (an unplanned outage is recorded there by the operator, as a past window) — the one whose `id`
 * is `late_settlement.window_id`, or without one the window that covered the care — and that
 * window must have covered the care (begntime–endtime). It is accepted only after the window
 * ended and within `months` of its recorded end. Otherwise FAILED_PRECONDITION naming the field
 * and why; a malformed block INVALID_ARGUMENT. An ordinary claim passes untouched.
 */
export function refuseLateSettlementWithoutWindow(claim: Claim, insured: PlatformEntry, nowMs: number, months = DEFAULT_LATE_SETTLEMENT_MONTHS): void {
  const late = claim.lateSettlement;
  if (late === undefined) return;
  const endMs = beijingTimeMs(late.outageEnd);
  if (endMs === undefined) throw InvalidInputError.of("late_settlement.outage_end", 'must be "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd" (Beijing time)');
  if (endMs > nowMs) throw InvalidInputError.of("late_settlement.outage_end", `is in the future (${late.outageEnd}): a late claim is submitted after its outage ended`);
  const care = careSpanMs(claim);
  const window = referencedWindow(late, insured, care);
  const windowEndMs = Date.parse(window.end);
  if (windowEndMs > nowMs) {
    throw new HubError(HubErrorCode.FAILED_PRECONDITION, `late_settlement.window_id: ${describe(window, insured)} has not ended: submit the claim after ${beijingTimeText(windowEndMs)} (Beijing time)`);
  }
  const deadlineMs = lateSettlementDeadlineMs(windowEndMs, months);
  if (nowMs > deadlineMs) {
    throw new HubError(
      HubErrorCode.FAILED_PRECONDITION,
      `late settlement deadline ${beijingTimeText(deadlineMs)} (Beijing time; ${months} months after the outage ended ${beijingTimeText(windowEndMs)}, ${describe(window, insured)}) has passed: ` +
        "the hub no longer settles this care; the insured region reimburses it by its manual procedure",
    );
  }
}

/** The window the late claim refers to, checked against the care; throws FAILED_PRECONDITION when there is none. */
function referencedWindow(late: LateSettlement, insured: PlatformEntry, [careBeginMs, careEndMs]: readonly [number, number]): MaintenanceWindow {
  const windows = insured.maintenanceWindows ?? [];
  const careText = `${beijingTimeText(careBeginMs)} – ${beijingTimeText(careEndMs)}`;
  const covers = (w: MaintenanceWindow) => careBeginMs < Date.parse(w.end) && careEndMs >= Date.parse(w.start);
  if (late.windowId === "") {
    const covering = windows.find(covers);
    if (covering !== undefined) return covering;
    throw new HubError(HubErrorCode.FAILED_PRECONDITION, `late_settlement: no maintenance window or recorded outage of platform ${insured.id} covered the care (${careText}, Beijing time): a late claim settles only care paid in cash during one`);
  }
  const named = windows.find((w) => w.id === late.windowId);
  if (named === undefined) {
    const known = windows.flatMap((w) => (w.id === undefined ? [] : [w.id]));
    throw new HubError(
      HubErrorCode.FAILED_PRECONDITION,
      `late_settlement.window_id "${late.windowId}" names no maintenance window or recorded outage of platform ${insured.id} (${known.length === 0 ? "it has none with an id" : `its windows: ${known.join(", ")}`})`,
    );
  }
  if (!covers(named)) {
    throw new HubError(HubErrorCode.FAILED_PRECONDITION, `late_settlement.window_id: ${describe(named, insured)} did not cover the care (${careText}, Beijing time)`);
  }
  return named;
}

/** The care's span, epoch ms: begntime to endtime (a date alone is its whole day); either stands for both when one is absent. */
function careSpanMs(claim: Claim): [number, number] {
  const at = (text: string | undefined, endOfDay: boolean): number | undefined => {
    if (text === undefined || text === "") return undefined;
    const ms = beijingTimeMs(text);
    return ms === undefined ? undefined : endOfDay && DATE_ONLY.test(text) ? ms + DAY_MS - 1 : ms;
  };
  const e = claim.encounter;
  const begin = at(e?.begntime, false) ?? at(e?.endtime, false);
  const end = at(e?.endtime, true) ?? at(e?.begntime, true);
  if (begin === undefined || end === undefined) {
    throw InvalidInputError.of("encounter.begntime", 'a late claim needs the time of care (begntime or endtime, "yyyy-MM-dd HH:mm:ss") to match it with its window');
  }
  return begin <= end ? [begin, end] : [end, begin];
}

function describe(w: MaintenanceWindow, insured: PlatformEntry): string {
  return `window ${w.id === undefined ? "" : `"${w.id}" `}of platform ${insured.id} (${beijingTimeText(Date.parse(w.start))} – ${beijingTimeText(Date.parse(w.end))}, Beijing time)`;
}
