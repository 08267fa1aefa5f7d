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
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { toStatus } from "../grpc/to-status.js";
import type { RouteContext } from "./context.js";

/** A platform files only for persons insured in a region it serves. */
function assertServes(ctx: RouteContext, caller: string, insuplcAdmdvs: string): void {
  const route = ctx.routing.resolve(insuplcAdmdvs);
  if (!route.ok || route.platform.id !== caller) {
    throw new HubError(HubErrorCode.FAILED_PRECONDITION, `platform ${caller} does not serve insured region ${insuplcAdmdvs}; only the insured region files`);
  }
}

/** FilingRegistry.PutFiling: the insured platform registers (or replaces) a remote-care filing. */
export function putFilingRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<PutFilingRequest, PutFilingResponse>, callback: sendUnaryData<PutFilingResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const filing = call.request.filing;
        const problems = validateFiling(filing);
        if (problems.length > 0 || filing === undefined) throw new InvalidInputError(problems);
        assertServes(ctx, caller, filing.insuplcAdmdvs);
        await putFiling(ctx.filings, filing);
        callback(null, create(PutFilingResponseSchema, { filing }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

/** FilingRegistry.CancelFiling: the insured platform withdraws a filing. */
export function cancelFilingRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<CancelFilingRequest, CancelFilingResponse>, callback: sendUnaryData<CancelFilingResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const { psnNo, insuplcAdmdvs, filingNo } = call.request;
        if (psnNo === "" || !/^\d{6}$/.test(insuplcAdmdvs) || filingNo === "") {
          throw new InvalidInputError([
            ...(psnNo === "" ? [{ field: "psn_no", description: "is required" }] : []),
            ...(!/^\d{6}$/.test(insuplcAdmdvs) ? [{ field: "insuplc_admdvs", description: "must be 6 digits" }] : []),
            ...(filingNo === "" ? [{ field: "filing_no", description: "is required" }] : []),
          ]);
        }
        assertServes(ctx, caller, insuplcAdmdvs);
        callback(null, create(CancelFilingResponseSchema, { cancelled: await cancelFiling(ctx.filings, insuplcAdmdvs, psnNo, filingNo) }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

/**
 * FilingRegistry.PutFamilyBinding: the beneficiary's insured platform registers (or replaces) a
 * family-sharing binding (家庭共济), under which the holder's account may pay for the beneficiary.
 */
export function putFamilyBindingRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<PutFamilyBindingRequest, PutFamilyBindingResponse>, callback: sendUnaryData<PutFamilyBindingResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const binding = call.request.binding;
        const problems = validateFamilyBinding(binding);
        if (problems.length > 0 || binding === undefined) throw new InvalidInputError(problems);
        assertServes(ctx, caller, binding.insuplcAdmdvs);
        await putFamilyBinding(ctx.filings, binding);
        callback(null, create(PutFamilyBindingResponseSchema, { binding }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

/** FilingRegistry.CancelFamilyBinding: the insured platform ends a family-sharing binding. */
export function cancelFamilyBindingRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<CancelFamilyBindingRequest, CancelFamilyBindingResponse>, callback: sendUnaryData<CancelFamilyBindingResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const { beneficiaryPsnNo, insuplcAdmdvs, bindingNo } = call.request;
        if (beneficiaryPsnNo === "" || !/^\d{6}$/.test(insuplcAdmdvs) || bindingNo === "") {
          throw new InvalidInputError([
            ...(beneficiaryPsnNo === "" ? [{ field: "beneficiary_psn_no", description: "is required" }] : []),
            ...(!/^\d{6}$/.test(insuplcAdmdvs) ? [{ field: "insuplc_admdvs", description: "must be 6 digits" }] : []),
            ...(bindingNo === "" ? [{ field: "binding_no", description: "is required" }] : []),
          ]);
        }
        assertServes(ctx, caller, insuplcAdmdvs);
        callback(null, create(CancelFamilyBindingResponseSchema, { cancelled: await cancelFamilyBinding(ctx.filings, insuplcAdmdvs, beneficiaryPsnNo, bindingNo) }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}
