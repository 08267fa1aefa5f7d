import { provinceOf } from "@tongxing/domain";
import { maintenanceWindowAt, WindowMode } from "./maintenance-window.js";
import { PlatformMode, type PlatformEntry, type RegionEntry } from "./routing-entry.js";

/** Where a claim goes, or why it cannot go anywhere. */
export type RouteResolution =
  | { readonly ok: true; readonly platform: PlatformEntry }
  | { readonly ok: false; readonly reason: "NO_ROUTE" | "PLATFORM_REFUSING"; readonly message: string };

/** In-memory routing table, kept current by a KV watcher. Lookups are synchronous. */
export class RoutingTable {
  readonly #platforms = new Map<string, PlatformEntry>();
  readonly #regions = new Map<string, RegionEntry>();

  setPlatform(entry: PlatformEntry): void {
    this.#platforms.set(entry.id, entry);
  }
  deletePlatform(id: string): void {
    this.#platforms.delete(id);
  }
  setRegion(entry: RegionEntry): void {
    this.#regions.set(entry.admdvs, entry);
  }
  deleteRegion(admdvs: string): void {
    this.#regions.delete(admdvs);
  }

  platform(id: string): PlatformEntry | undefined {
    return this.#platforms.get(id);
  }

  platforms(): PlatformEntry[] {
    return [...this.#platforms.values()];
  }

  get size(): number {
    return this.#platforms.size;
  }

  /**
   * The id of the platform that serves a pooling region (explicit region entry, else its
   * province's platform), whatever its mode; undefined when no platform does.
   */
  servingPlatformId(admdvs: string): string | undefined {
    const id = this.#regions.get(admdvs)?.platform ?? provinceOf(admdvs);
    return this.#platforms.has(id) ? id : undefined;
  }

  /**
   * The platform serving an insured pooling region (explicit region entry, else its province),
   * at an instant: a platform set to refuse, or in a refusing maintenance window then, is not
   * a route (the message names the window's end).
   */
  resolve(insuplcAdmdvs: string, atMs: number = Date.now()): RouteResolution {
    const region = this.#regions.get(insuplcAdmdvs);
    const platformId = region?.platform ?? provinceOf(insuplcAdmdvs);
    const platform = this.#platforms.get(platformId);
    if (platform === undefined) {
      return { ok: false, reason: "NO_ROUTE", message: `no platform serves insured region ${insuplcAdmdvs}` };
    }
    if (platform.mode === PlatformMode.REFUSE) {
      const why = platform.refuseReason ?? "platform is not accepting claims";
      return { ok: false, reason: "PLATFORM_REFUSING", message: `platform ${platform.id}: ${why}` };
    }
    const window = maintenanceWindowAt(platform.maintenanceWindows, atMs);
    if (window?.mode === WindowMode.REFUSE) {
      const why = window.reason === undefined ? "" : ` (${window.reason})`;
      return { ok: false, reason: "PLATFORM_REFUSING", message: `platform ${platform.id} is in a maintenance window until ${window.end}${why}; submit again after ${window.end}` };
    }
    return { ok: true, platform };
  }
}
