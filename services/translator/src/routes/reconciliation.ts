import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { InvalidInputError, provinceOf } from "@tongxing/domain";
import { dayWindowMs, detailDifferences, hubDay, readLedgerWindow, recordReconciliation, totalsEqual, type ReconciliationOutcome } from "@tongxing/ledger";
import {
  ReconcileDetailsResponseSchema,
  ReconcileSide,
  ReconcileTotalsResponseSchema,
  type LedgerEntry,
  type ReconcileDetailsRequest,
  type ReconcileDetailsResponse,
  type ReconcileTotalsRequest,
  type ReconcileTotalsResponse,
} from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { toStatus } from "../grpc/to-status.js";
import type { RouteContext } from "./context.js";

/** The caller's day of one side, from the ledger (settlements and reversals posted that day). */
async function callersDay(ctx: RouteContext, caller: string, date: string, side: ReconcileSide) {
  const problems = [
    ...(/^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) ? [] : [{ field: "date", description: "must be yyyy-MM-dd (Beijing time)" }]),
    ...(side === ReconcileSide.UNSPECIFIED ? [{ field: "side", description: "is required (TREATMENT or INSURED)" }] : []),
  ];
  if (problems.length > 0) throw new InvalidInputError(problems);
  const platformOf = (admdvs: string) => {
    const r = ctx.routing.resolve(admdvs);
    return r.ok ? r.platform.id : provinceOf(admdvs);
  };
  const belongs = (e: LedgerEntry) => platformOf(side === ReconcileSide.TREATMENT ? e.mdtrtareaAdmvs : e.insuplcAdmdvs) === caller;
  const entries: LedgerEntry[] = [];
  // only the entries stored around that day: the cost does not grow with the ledger's history
  const { fromMs, toMs } = dayWindowMs(date);
  for await (const e of readLedgerWindow(ctx.nc, fromMs, toMs)) entries.push(e);
  return hubDay(entries, date, belongs);
}

/**
 * Keeps the call's outcome for the regulators' console (clearing page: did each platform
 * reconcile). A failure to record is logged, not answered: the platform's reconciliation stands.
 */
async function recordOutcome(ctx: RouteContext, outcome: Omit<ReconciliationOutcome, "at">): Promise<void> {
  await recordReconciliation(ctx.reconciliations, { ...outcome, at: new Date().toISOString() }).catch((err: unknown) =>
    ctx.log.warn({ err, platform: outcome.platform, date: outcome.date }, "reconciliation outcome not recorded; the console will show the day as not reconciled"),
  );
}

const sideName = (side: ReconcileSide) => (side === ReconcileSide.TREATMENT ? "treatment" : "insured");

/** Reconciliation.ReconcileTotals (3201). */
export function reconcileTotalsRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<ReconcileTotalsRequest, ReconcileTotalsResponse>, callback: sendUnaryData<ReconcileTotalsResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const day = await callersDay(ctx, caller, call.request.date, call.request.side);
        const matched = totalsEqual(call.request.totals, day.totals);
        await recordOutcome(ctx, { platform: caller, side: sideName(call.request.side), date: call.request.date, call: "totals", matched, hubCount: day.totals.count, differences: matched ? 0 : day.details.length });
        callback(null, create(ReconcileTotalsResponseSchema, { matched, hubTotals: day.totals, hubDetails: matched ? [] : day.details }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

/** Reconciliation.ReconcileDetails (3202). */
export function reconcileDetailsRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<ReconcileDetailsRequest, ReconcileDetailsResponse>, callback: sendUnaryData<ReconcileDetailsResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        if (call.request.details.length > 100_000) throw InvalidInputError.of("details", "more than 100,000 claims; split the day");
        const day = await callersDay(ctx, caller, call.request.date, call.request.side);
        const differences = detailDifferences(day.details, call.request.details);
        await recordOutcome(ctx, { platform: caller, side: sideName(call.request.side), date: call.request.date, call: "details", matched: differences.length === 0, hubCount: day.totals.count, differences: differences.length });
        callback(null, create(ReconcileDetailsResponseSchema, { matched: differences.length === 0, differences }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}
