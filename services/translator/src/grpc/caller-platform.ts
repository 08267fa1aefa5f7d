import type { Metadata } from "@grpc/grpc-js";
import type { RoutingTable } from "@tongxing/routing";
import { HubError, HubErrorCode } from "./hub-error.js";

/** Development-mode identity header: the caller's routing-table platform id. */
export const PLATFORM_HEADER = "x-tongxing-platform";

/**
 * The platform a call comes from. In development mode it is named by the x-tongxing-platform
 * header and must be a platform of the routing table; mTLS identity replaces this later.
 */
export function callerPlatform(metadata: Metadata, table: RoutingTable): string {
  const values = metadata.get(PLATFORM_HEADER);
  const id = values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
  if (id === undefined || id === "") {
    throw new HubError(HubErrorCode.UNAUTHENTICATED, `metadata header ${PLATFORM_HEADER} (your platform id, e.g. "37") is required`);
  }
  if (table.platform(id) === undefined) {
    throw new HubError(HubErrorCode.UNAUTHENTICATED, `platform "${id.slice(0, 40)}" is not in the routing table`);
  }
  return id;
}
