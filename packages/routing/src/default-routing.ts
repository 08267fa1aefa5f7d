import { PROVINCES } from "@tongxing/domain";
import { PlatformMode, type PlatformEntry } from "./routing-entry.js";

/**
 * Provinces whose platforms report fund_pay_sumamt including acct_pay (the per-province
 * convention of identities I2/I4). The development seed's choice; operators set it per platform.
 */
export const FUND_INCLUDES_ACCT_PROVINCES: ReadonlySet<string> = new Set(["33", "44", "51"]);

/** One provincial platform per province, id = province code, national JSON dialect. */
export function defaultPlatformEntries(): PlatformEntry[] {
  return PROVINCES.map((p) => ({
    id: p.code,
    name: `${p.name}省级平台`,
    dialect: "nhsa-json",
    fundIncludesAcct: FUND_INCLUDES_ACCT_PROVINCES.has(p.code),
    mode: PlatformMode.ACCEPT,
  }));
}
