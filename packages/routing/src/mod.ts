export { PlatformMode, RoutingKeys, parsePlatformEntry, parseRegionEntry, isPlatformId, dialectAt } from "./routing-entry.js";
export type { PlatformEntry, PlatformKeys, RegionEntry, DialectCutover } from "./routing-entry.js";
export { RoutingTable } from "./routing-table.js";
export type { RouteResolution } from "./routing-table.js";
export { defaultPlatformEntries, FUND_INCLUDES_ACCT_PROVINCES } from "./default-routing.js";
export { watchRoutingTable, putPlatform, putRegion, seedPlatforms } from "./routing-store.js";
export type { WatchedRoutingTable } from "./routing-store.js";
export { WindowMode, parseMaintenanceWindows, maintenanceWindowAt } from "./maintenance-window.js";
export type { MaintenanceWindow } from "./maintenance-window.js";
