/**
 * Routing-table entries as stored in the `routing` KV bucket (JSON, so operators can edit them
 * with any NATS client):
 *   platform.<id>     → PlatformEntry   (a provincial platform the hub talks to)
 *   region.<admdvs>   → RegionEntry     (explicit pooling region → platform, for special pools)
 * Without a region entry, a pooling region is served by the platform whose id is its province
 * code (first two digits).
 */

/** What the hub does with claims for a platform. */
export const PlatformMode = {
  /** Deliver; while the platform is disconnected its claims wait durably. */
  ACCEPT: "accept",
  /** Refuse at once with a clear status (planned switchover 停机切换 announced as refusing). */
  REFUSE: "refuse",
} as const;
export type PlatformMode = (typeof PlatformMode)[keyof typeof PlatformMode];

export interface PlatformEntry {
  readonly id: string;
  readonly name: string;
  /** Dialect the platform speaks on its link and in its submissions. */
  readonly dialect: string;
  /** Whether the platform's fund_pay_sumamt includes acct_pay (identities I2/I4). */
  readonly fundIncludesAcct: boolean;
  readonly mode: PlatformMode;
  /** Shown to submitters when mode is refuse. */
  readonly refuseReason?: string;
}

export interface RegionEntry {
  readonly admdvs: string;
  readonly platform: string;
}

export const RoutingKeys = {
  platform: (id: string) => `platform.${id}`,
  region: (admdvs: string) => `region.${admdvs}`,
  PLATFORM_PREFIX: "platform.",
  REGION_PREFIX: "region.",
} as const;

const PLATFORM_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Validates a platform entry read from the bucket; returns undefined when it is unusable. */
export function parsePlatformEntry(json: unknown): PlatformEntry | undefined {
  if (json === null || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.id !== "string" || !PLATFORM_ID.test(o.id)) return undefined;
  const mode = o.mode === PlatformMode.REFUSE ? PlatformMode.REFUSE : PlatformMode.ACCEPT;
  return {
    id: o.id,
    name: typeof o.name === "string" ? o.name : o.id,
    dialect: typeof o.dialect === "string" ? o.dialect : "nhsa-json",
    fundIncludesAcct: o.fundIncludesAcct === true,
    mode,
    ...(typeof o.refuseReason === "string" ? { refuseReason: o.refuseReason } : {}),
  };
}

export function parseRegionEntry(json: unknown): RegionEntry | undefined {
  if (json === null || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.admdvs !== "string" || typeof o.platform !== "string") return undefined;
  return { admdvs: o.admdvs, platform: o.platform };
}

/** Platform ids are usable as NATS subject tokens and consumer names. */
export function isPlatformId(text: string): boolean {
  return PLATFORM_ID.test(text);
}
