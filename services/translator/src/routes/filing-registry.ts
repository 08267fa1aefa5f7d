import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { cancelFamilyBinding, cancelFiling, putFamilyBinding, putFiling, validateFamilyBinding, validateFiling } from "@tongxing/filings";
import {
  CancelFamilyBindingResponseSchema,
  CancelFilingResponseSchema,
  PutFamilyBindingResponseSchema,
  PutFilingResponseSchema,
  type CancelFamilyBindingRequest,
  type CancelFamilyBindingResponse,
  type CancelFilingRequest,
  type CancelFilingResponse,
  type PutFamilyBindingRequest,
  type PutFamilyBindingResponse,
  type PutFilingRequest,
  type PutFilingResponse,
} from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { toStatus } from "../grpc/to-status.js";
import { authorizeInsuredRegion } from "../authorization/authorization-matrix.js";
import type { RouteContext } from "./context.js";

/** A platform files only for persons insured in a region it serves (the authorization matrix). */
function assertServes(ctx: RouteContext, caller: string, insuplcAdmdvs: string): void {
  authorizeInsuredRegion(ctx.routing, caller, insuplcAdmdvs);
}

/** A unary FilingRegistry call: the caller's platform and request in, the answer or its status out. */
function insuredPlatformRoute<Req, Res>(ctx: RouteContext, handle: (caller: string, request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    void (async () => {
      try {
        callback(null, await handle(callerPlatform(call.metadata, ctx.routing), call.request));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

/** The key of a cancellation: a person, 6-digit insured region and the record's number, each named when missing. */
function assertCancelKey(psn: readonly [string, string], insuplcAdmdvs: string, number: readonly [string, string]): void {
  const v = [
    ...(psn[1] === "" ? [{ field: psn[0], description: "is required" }] : []),
    ...(!/^\d{6}$/.test(insuplcAdmdvs) ? [{ field: "insuplc_admdvs", description: "must be 6 digits" }] : []),
    ...(number[1] === "" ? [{ field: number[0], description: "is required" }] : []),
  ];
  if (v.length > 0) throw new InvalidInputError(v);
}

/** FilingRegistry.PutFiling: the insured platform registers (or replaces) a remote-care filing. */
export const putFilingRoute = (ctx: RouteContext) =>
  insuredPlatformRoute<PutFilingRequest, PutFilingResponse>(ctx, async (caller, { filing }) => {
    const problems = validateFiling(filing);
    if (problems.length > 0 || filing === undefined) throw new InvalidInputError(problems);
    assertServes(ctx, caller, filing.insuplcAdmdvs);
    await putFiling(ctx.filings, filing);
    return create(PutFilingResponseSchema, { filing });
  });

/** FilingRegistry.CancelFiling: the insured platform withdraws a filing. */
export const cancelFilingRoute = (ctx: RouteContext) =>
  insuredPlatformRoute<CancelFilingRequest, CancelFilingResponse>(ctx, async (caller, { psnNo, insuplcAdmdvs, filingNo }) => {
    assertCancelKey(["psn_no", psnNo], insuplcAdmdvs, ["filing_no", filingNo]);
    assertServes(ctx, caller, insuplcAdmdvs);
    return create(CancelFilingResponseSchema, { cancelled: await cancelFiling(ctx.filings, insuplcAdmdvs, psnNo, filingNo) });
  });

/**
 * FilingRegistry.PutFamilyBinding: the beneficiary's insured platform registers (or replaces) a
 * family-sharing binding (家庭共济), under which the holder's account may pay for the beneficiary.
 */
export const putFamilyBindingRoute = (ctx: RouteContext) =>
  insuredPlatformRoute<PutFamilyBindingRequest, PutFamilyBindingResponse>(ctx, async (caller, { binding }) => {
    const problems = validateFamilyBinding(binding);
    if (problems.length > 0 || binding === undefined) throw new InvalidInputError(problems);
    assertServes(ctx, caller, binding.insuplcAdmdvs);
    await putFamilyBinding(ctx.filings, binding);
    return create(PutFamilyBindingResponseSchema, { binding });
  });

/** FilingRegistry.CancelFamilyBinding: the insured platform ends a family-sharing binding. */
export const cancelFamilyBindingRoute = (ctx: RouteContext) =>
  insuredPlatformRoute<CancelFamilyBindingRequest, CancelFamilyBindingResponse>(ctx, async (caller, { beneficiaryPsnNo, insuplcAdmdvs, bindingNo }) => {
    assertCancelKey(["beneficiary_psn_no", beneficiaryPsnNo], insuplcAdmdvs, ["binding_no", bindingNo]);
    assertServes(ctx, caller, insuplcAdmdvs);
    return create(CancelFamilyBindingResponseSchema, { cancelled: await cancelFamilyBinding(ctx.filings, insuplcAdmdvs, beneficiaryPsnNo, bindingNo) });
  });
