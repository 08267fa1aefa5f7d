import { Metadata } from "@grpc/grpc-js";
import type { RoutingTable } from "@tongxing/routing";
import { HubError, HubErrorCode } from "./hub-error.js";

/** Development-mode identity header: the caller's routing-table platform id (only behind the switch). */
export const PLATFORM_HEADER = "x-tongxing-platform";

/**
 * Server-internal metadata key: the caller's platform as the identity interceptor established it
 * (from the client certificate, or the header in development). The interceptor removes any value
 * a client sends under this key, so handlers can trust it.
 */
export const VERIFIED_PLATFORM_KEY = "x-tongxing-verified-platform";

/** Empty metadata for a status answered before a handler runs. */
export function emptyMetadata(): Metadata {
  return new Metadata();
}

/** The platform a call comes from, as the caller identity interceptor verified it. */
export function callerPlatform(metadata: Metadata, table: RoutingTable): string {
  const values = metadata.get(VERIFIED_PLATFORM_KEY);
  const id = values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
  if (id === undefined || table.platform(id) === undefined) {
    throw new HubError(HubErrorCode.UNAUTHENTICATED, "identity: the call carries no verified platform");
  }
  return id;
}
