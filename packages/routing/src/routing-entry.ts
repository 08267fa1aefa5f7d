/**
 * Routing-table entries as stored in the `routing` KV bucket (JSON, so operators can edit them
 * with any NATS client):
 *   platform.<id>     → PlatformEntry   (a provincial platform the hub talks to)
 *   region.<admdvs>   → RegionEntry     (explicit pooling region → platform, for special pools)
 * Without a region entry, a pooling region is served by the platform whose id is its province
 * code (first two digits).
 */

import { parseBacklogLimits, type BacklogLimits } from "./backlog-limits.js";
import { parseMaintenanceWindows, type MaintenanceWindow } from "./maintenance-window.js";
import { parsePlatformLimits, type PlatformLimitsOverride } from "./platform-limits.js";

/** What the hub does with claims for a platform. */
export const PlatformMode = {
  /** Deliver; while the platform is disconnected its claims wait durably. */
  ACCEPT: "accept",
  /** Refuse at once with a clear status (planned switchover 停机切换 announced as refusing). */
  REFUSE: "refuse",
} as const;
export type PlatformMode = (typeof PlatformMode)[keyof typeof PlatformMode];

/** A dialect that takes effect at an instant (a cutover, e.g. legacy → national interface). */
export interface DialectCutover {
  readonly dialect: string;
  /** ISO 8601 instant with offset, e.g. "2026-12-01T00:00:00+08:00". */
  readonly from: string;
}

export interface PlatformEntry {
  readonly id: string;
  readonly name: string;
  /** Dialect the platform speaks on its link and in its submissions (before any cutover). */
  readonly dialect: string;
  /** Later dialects by effective instant; the latest one in force wins. */
  readonly dialectCutovers?: readonly DialectCutover[];
  /** Whether the platform's fund_pay_sumamt includes acct_pay (identities I2/I4). */
  readonly fundIncludesAcct: boolean;
  readonly mode: PlatformMode;
  /** Shown to submitters when mode is refuse. */
  readonly refuseReason?: string;
  /** Message-security keys of the platform, for dialects that encrypt or sign (nhsa-json SM4/SM2). */
  readonly security?: PlatformKeys;
  /** Scheduled maintenance windows (queue or refuse), see docs/reliability.md. */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
  /** How many claims may wait for the platform and how long, see docs/reliability.md. */
  readonly backlogLimits?: BacklogLimits;
  /**
   * Every message the platform sends (unary calls, link adjudications and refusals) must carry
   * its SM2 signature by a key in the platform-keys store; see docs/security.md#signatures.
   */
  readonly requireSignatures?: boolean;
  /** The platform's own rate, burst and concurrency limits, over the translator's defaults. */
  readonly limits?: PlatformLimitsOverride;
}

/** A platform's keys as the routing table holds them (its public key, the shared SM4 key). */
export interface PlatformKeys {
  /** 128-bit SM4 key, 32 hex characters. */
  readonly sm4Key?: string;
  /** SM2 public key, PEM. */
  readonly sm2PublicKey?: string;
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
  const cutovers = parseCutovers(o.dialectCutovers);
  if (cutovers === undefined) return undefined;
  const security = parseKeys(o.security);
  if (security === null) return undefined;
  const windows = parseMaintenanceWindows(o.maintenanceWindows);
  if (windows === undefined) return undefined;
  const backlogLimits = parseBacklogLimits(o.backlogLimits);
  if (backlogLimits === null) return undefined;
  const limits = parsePlatformLimits(o.limits);
  if (limits === null) return undefined;
  return {
    ...(cutovers.length === 0 ? {} : { dialectCutovers: cutovers }),
    id: o.id,
    name: typeof o.name === "string" ? o.name : o.id,
    dialect: typeof o.dialect === "string" ? o.dialect : "nhsa-json",
    fundIncludesAcct: o.fundIncludesAcct === true,
    mode,
    ...(typeof o.refuseReason === "string" ? { refuseReason: o.refuseReason } : {}),
    ...(security === undefined ? {} : { security }),
    ...(windows.length === 0 ? {} : { maintenanceWindows: windows }),
    ...(backlogLimits === undefined ? {} : { backlogLimits }),
    ...(o.requireSignatures === true ? { requireSignatures: true } : {}),
    ...(limits === undefined ? {} : { limits }),
  };
}

/** undefined: none given; null: given but unusable. */
function parseKeys(value: unknown): PlatformKeys | undefined | null {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object") return null;
  const k = value as Record<string, unknown>;
  if (k.sm4Key !== undefined && (typeof k.sm4Key !== "string" || !/^[0-9a-fA-F]{32}$/.test(k.sm4Key))) return null;
  if (k.sm2PublicKey !== undefined && (typeof k.sm2PublicKey !== "string" || !k.sm2PublicKey.includes("PUBLIC KEY"))) return null;
  return {
    ...(typeof k.sm4Key === "string" ? { sm4Key: k.sm4Key } : {}),
    ...(typeof k.sm2PublicKey === "string" ? { sm2PublicKey: k.sm2PublicKey } : {}),
  };
}

function parseCutovers(value: unknown): DialectCutover[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const out: DialectCutover[] = [];
  for (const item of value) {
    const c = item as Record<string, unknown> | null;
    if (c === null || typeof c !== "object" || typeof c.dialect !== "string" || typeof c.from !== "string") return undefined;
    if (!/[zZ]|[+-]\d\d:\d\d$/.test(c.from) || Number.isNaN(Date.parse(c.from))) return undefined;
    out.push({ dialect: c.dialect, from: c.from });
  }
  return out.sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
}

/** The dialect a platform speaks at an instant: its latest cutover in force, else its base dialect. */
export function dialectAt(platform: PlatformEntry, atMs: number): string {
  let dialect = platform.dialect;
  for (const c of platform.dialectCutovers ?? []) {
    if (Date.parse(c.from) <= atMs) dialect = c.dialect;
  }
  return dialect;
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
