import { PROVINCES } from "@tongxing/domain";
import type { Claim } from "@tongxing/proto";
import type { Logger } from "@tongxing/telemetry";
import { adjudicate } from "./adjudicate.js";
import { policyFor } from "./policy-table.js";
import { ProvinceLinkClient, type PlatformReply } from "./province-link-client.js";

/** Options for {@link startSimulatedPlatforms}. */
export interface SimulatedPlatformsOptions {
  /** Gateway address (host:port). */
  readonly address: string;
  /** Province codes to simulate; default all 31. */
  readonly provinces?: readonly string[];
  readonly maxInFlight?: number;
  readonly log?: Logger;
  /** Replaces a province's adjudicator (to plant anomalies); default the policy-table one. */
  readonly adjudicatorFor?: (provinceCode: string) => (claim: Claim) => PlatformReply;
}

/** The simulated provincial platforms, by province code. */
export interface SimulatedPlatforms {
  readonly clients: ReadonlyMap<string, ProvinceLinkClient>;
  close(): void;
}

/**
 * A simulated platform's adjudicator: the province's policy table, an account balance per
 * person, and one answer per claim id (a redelivered claim gets the same answer, as a real
 * platform's idempotent settle would give).
 */
export function createSimulatedAdjudicator(provinceCode: string): (claim: Claim) => PlatformReply {
  const policy = policyFor(provinceCode);
  const balances = new Map<string, bigint>();
  const answers = new Map<string, PlatformReply>();
  let serial = 0;
  return (claim) => {
    const known = answers.get(claim.claimId);
    if (known !== undefined) return known;
    const psnNo = claim.person?.psnNo ?? "";
    const balance = balances.get(psnNo) ?? policy.accountBalanceFen;
    serial += 1;
    const setlId = `${provinceCode}${String(serial).padStart(14, "0")}`;
    const outcome = adjudicate(claim, policy, {
      setlId,
      setlTime: nationalTime(new Date()),
      accountBalanceFen: balance,
      adjudicatedBy: provinceCode,
    });
    const reply: PlatformReply = "adjudication" in outcome ? { adjudication: outcome.adjudication } : { refusal: outcome.refusal };
    if ("adjudication" in outcome) balances.set(psnNo, outcome.adjudication.balc);
    answers.set(claim.claimId, reply);
    if (answers.size > 100_000) answers.delete(answers.keys().next().value as string);
    return reply;
  };
}

/** "yyyy-MM-dd HH:mm:ss" in UTC+8, the national interface's time form. */
function nationalTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Connects one simulated platform per province through ProvinceLink. */
export function startSimulatedPlatforms(options: SimulatedPlatformsOptions): SimulatedPlatforms {
  const codes = options.provinces ?? PROVINCES.map((p) => p.code);
  const clients = new Map<string, ProvinceLinkClient>();
  for (const code of codes) {
    const client = new ProvinceLinkClient({
      address: options.address,
      platform: code,
      maxInFlight: options.maxInFlight ?? 64,
      adjudicate: options.adjudicatorFor?.(code) ?? createSimulatedAdjudicator(code),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    client.connect();
    clients.set(code, client);
  }
  return {
    clients,
    close() {
      for (const c of clients.values()) c.close();
    },
  };
}
