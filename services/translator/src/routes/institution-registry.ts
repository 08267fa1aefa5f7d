import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { getInstitution, putInstitution, statusOn, validateInstitution } from "@tongxing/filings";
import {
  GetInstitutionStatusResponseSchema,
  InstitutionStatus,
  PutInstitutionResponseSchema,
  type GetInstitutionStatusRequest,
  type GetInstitutionStatusResponse,
  type PutInstitutionRequest,
  type PutInstitutionResponse,
} from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { authorizeInstitutionRegion } from "../authorization/authorization-matrix.js";
import { toStatus } from "../grpc/to-status.js";
import type { RouteContext } from "./context.js";

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** A unary InstitutionRegistry call: the caller's platform and request in, the answer or its status out. */
function route<Req, Res>(ctx: RouteContext, handle: (caller: string, request: Req) => Promise<Res>) {
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

/**
 * InstitutionRegistry.PutInstitution: the platform serving the institution's region (its province's
 * platform) registers it or replaces its status history; regulators write the bucket directly.
 */
export const putInstitutionRoute = (ctx: RouteContext) =>
  route<PutInstitutionRequest, PutInstitutionResponse>(ctx, async (caller, { institution }) => {
    const problems = validateInstitution(institution);
    if (problems.length > 0 || institution === undefined) throw new InvalidInputError(problems);
    authorizeInstitutionRegion(ctx.routing, caller, institution.admdvs);
    await putInstitution(ctx.institutions, institution);
    return create(PutInstitutionResponseSchema, { institution });
  });

/** InstitutionRegistry.GetInstitutionStatus: any platform asks whether an institution is networked on a date. */
export const getInstitutionStatusRoute = (ctx: RouteContext) =>
  route<GetInstitutionStatusRequest, GetInstitutionStatusResponse>(ctx, async (_caller, { fixmedinsCode, admdvs, date }) => {
    const v = [
      ...(/^[0-9A-Za-z]{1,30}$/.test(fixmedinsCode) ? [] : [{ field: "fixmedins_code", description: "must be 1–30 letters or digits" }]),
      ...(/^\d{6}$/.test(admdvs) ? [] : [{ field: "admdvs", description: "must be 6 digits (医保区划)" }]),
      ...(date === "" || DATE.test(date) ? [] : [{ field: "date", description: 'must be a date "yyyy-MM-dd" or empty (today)' }]),
    ];
    if (v.length > 0) throw new InvalidInputError(v);
    const day = date || new Date(Date.now() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
    const institution = await getInstitution(ctx.institutions, admdvs.slice(0, 2), fixmedinsCode);
    if (institution === undefined) return create(GetInstitutionStatusResponseSchema, { networked: false, status: InstitutionStatus.UNSPECIFIED, date: day });
    // A plain list entry (no status history) is networked on every day.
    const s = institution.changes.length === 0 ? { status: InstitutionStatus.NETWORKED, effectiveDate: "", networked: true } : statusOn(institution.changes, day);
    return create(GetInstitutionStatusResponseSchema, { networked: s.networked, status: s.status, effectiveDate: s.effectiveDate, fixmedinsName: institution.fixmedinsName, date: day });
  });
