import { PROVINCES, isAdmdvs, provinceOf } from "@tongxing/domain";
import type { ChannelCredentials } from "@grpc/grpc-js";
import type { PlatformSigner } from "@tongxing/pki";
import { ClaimKind, type Claim, type Filing } from "@tongxing/proto";
import type { Logger } from "@tongxing/telemetry";
import { adjudicate } from "./adjudicate.js";
import { policyFor, policyForPool } from "./policy-table.js";
import { createReversalPolicy, DEFAULT_REFUSE_REVERSAL_MARKER } from "./reversal-policy.js";
import { ProvinceLinkClient, type PlatformReply, type ProvinceLinkClientOptions } from "./province-link-client.js";

/** Options for {@link startSimulatedPlatforms}. */
export interface SimulatedPlatformsOptions {
  /** Gateway address (host:port). */
  readonly address: string;
  /**
   * Several translator instances instead of one address: the platforms are spread over them
   * (the i-th province links to addresses[i mod n]). Default [address].
   */
  readonly addresses?: readonly string[];
  /**
   * Provinces that keep a link to every address at once (as a platform with redundant links to
   * the hub's gateways): their links share one adjudicator, and the hub splits the platform's
   * deliveries between them.
   */
  readonly multiLinkProvinces?: readonly string[];
  /** Province codes to simulate; default all 31. */
  readonly provinces?: readonly string[];
  readonly maxInFlight?: number;
  /** A cancel whose reason contains this is refused by the insured platform (default "SIM-REFUSE-REVERSAL"; "" refuses none). */
  readonly refuseReversalMarker?: string;
  readonly log?: Logger;
  /** Replaces a province's adjudicator (to plant anomalies); default the policy-table one. */
  readonly adjudicatorFor?: (provinceCode: string) => (claim: Claim) => PlatformReply;
  /** Replaces a province's pre-settlement answer; default the policy-table platform's (sharing its balances when adjudicatorFor is not given). */
  readonly preSettlerFor?: (provinceCode: string) => (claim: Claim) => PlatformReply;
  /** What the simulated platforms know of persons and institutions (default: nothing). */
  readonly knowledge?: PlatformKnowledge;
  /** Each platform's mTLS credentials (client certificate); default as {@link ProvinceLinkClientOptions.credentials}. */
  readonly credentialsFor?: (platform: string, address: string) => ChannelCredentials;
  /** Each platform's signing key (SM2); default as {@link ProvinceLinkClientOptions.signer}. */
  readonly signerFor?: (platform: string) => PlatformSigner | undefined;
}

/**
 * What an insured platform knows besides the claim, from its own registries: the person's filings
 * (备案; none = unfiled) and the treating institution's level (undefined = unknown, base ratio).
 * The hub learns the same facts from the filings and institutions buckets; where both agree, the
 * platform's adjudication agrees with the auditor's recomputation.
 */
export interface PlatformKnowledge {
  readonly filingsOf?: (insuplcAdmdvs: string, psnNo: string) => readonly Filing[];
  readonly institutionLevel?: (fixmedinsCode: string) => string | undefined;
}

/** The simulated provincial platforms, by province code. */
export interface SimulatedPlatforms {
  /** The (first) link of each province. */
  readonly clients: ReadonlyMap<string, ProvinceLinkClient>;
  /** Every link: one per province, more for multi-link provinces. */
  readonly links: readonly { readonly platform: string; readonly address: string; readonly client: ProvinceLinkClient }[];
  close(): void;
}

/** A simulated insured platform's two answers, sharing its account balances. */
export interface SimulatedPlatform {
  /** Settles a claim (books the account; one answer per claim id). */
  readonly adjudicate: (claim: Claim) => PlatformReply;
  /** Pre-settles a claim (2206 / 2303 / 2101): the same computation on the same balances, booking nothing. */
  readonly preSettle: (claim: Claim) => PlatformReply;
}

/**
 * A simulated platform: the province's policy table, an account balance per person, and one
 * answer per claim id (a redelivered claim gets the same answer, as a real platform's idempotent
 * settle would give). A pre-settlement computes the same way but books nothing and keeps nothing.
 */
export function createSimulatedPlatform(provinceCode: string, knowledge: PlatformKnowledge = {}): SimulatedPlatform {
  const provincePolicy = policyFor(provinceCode);
  const balances = new Map<string, bigint>();
  const answers = new Map<string, PlatformReply>();
  /**
   * The account balance before each inpatient stay settled in parts (by institution and
   * mdtrt_id): each part states the stay so far, so it is computed from the stay's start, not from
   * the balance the previous part left (which would count that part's account payment twice).
   */
  const stayStart = new Map<string, bigint>();
  const stayOf = (claim: Claim) => (claim.kind === ClaimKind.INPATIENT ? `${claim.fixmedinsCode}\n${claim.encounter?.mdtrtId ?? ""}` : undefined);
  let serial = 0;
  const compute = (claim: Claim, setlId: string): PlatformReply => {
    const psnNo = claim.person?.psnNo ?? "";
    const stay = stayOf(claim);
    // The insured pool's own policy where it has one (Weihai 371000), else the province's.
    const own = isAdmdvs(claim.insuplcAdmdvs) && provinceOf(claim.insuplcAdmdvs) === provinceCode;
    const policy = own ? policyForPool(claim.insuplcAdmdvs) : provincePolicy;
    const balance = (stay === undefined ? undefined : stayStart.get(stay)) ?? balances.get(psnNo) ?? policy.accountBalanceFen;
    const level = knowledge.institutionLevel?.(claim.fixmedinsCode);
    const outcome = adjudicate(claim, policy, {
      setlId,
      setlTime: nationalTime(new Date()),
      accountBalanceFen: balance,
      adjudicatedBy: provinceCode,
      filings: knowledge.filingsOf?.(claim.insuplcAdmdvs, psnNo) ?? [],
      ...(level === undefined ? {} : { institutionLevel: level }),
    });
    return "adjudication" in outcome ? { adjudication: outcome.adjudication } : { refusal: outcome.refusal };
  };
  return {
    adjudicate(claim) {
      const known = answers.get(claim.claimId);
      if (known !== undefined) return known;
      serial += 1;
      const psnNo = claim.person?.psnNo ?? "";
      const stay = stayOf(claim);
      const before = balances.get(psnNo);
      const reply = compute(claim, `${provinceCode}${String(serial).padStart(14, "0")}`);
      if ("adjudication" in reply) {
        // An interim part: the stay's start balance kept for its later parts; the final closes the stay.
        if (stay !== undefined && claim.encounter?.midSetlFlag === "1" && !stayStart.has(stay)) stayStart.set(stay, before ?? (reply.adjudication.balc ?? 0n) + (reply.adjudication.acctPay ?? 0n));
        else if (stay !== undefined && claim.encounter?.midSetlFlag !== "1") stayStart.delete(stay);
        if (reply.adjudication.balc !== undefined) balances.set(psnNo, reply.adjudication.balc);
      }
      answers.set(claim.claimId, reply);
      if (answers.size > 100_000) answers.delete(answers.keys().next().value as string);
      return reply;
    },
    preSettle: (claim) => compute(claim, ""),
  };
}

/** A simulated platform's adjudicator ({@link createSimulatedPlatform}'s settle answer). */
export function createSimulatedAdjudicator(provinceCode: string, knowledge: PlatformKnowledge = {}): (claim: Claim) => PlatformReply {
  return createSimulatedPlatform(provinceCode, knowledge).adjudicate;
}

/** "yyyy-MM-dd HH:mm:ss" in UTC+8, the national interface's time form. */
function nationalTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Connects one simulated platform per province through ProvinceLink. */
export function startSimulatedPlatforms(options: SimulatedPlatformsOptions): SimulatedPlatforms {
  const codes = options.provinces ?? PROVINCES.map((p) => p.code);
  const addresses = options.addresses !== undefined && options.addresses.length > 0 ? options.addresses : [options.address];
  const multiLink = new Set(options.multiLinkProvinces ?? []);
  const clients = new Map<string, ProvinceLinkClient>();
  const links: { platform: string; address: string; client: ProvinceLinkClient }[] = [];
  codes.forEach((code, i) => {
    const simulated = createSimulatedPlatform(code);
    const adjudicate = options.adjudicatorFor?.(code) ?? simulated.adjudicate;
    const preSettle = options.preSettlerFor?.(code) ?? simulated.preSettle;
    const own = multiLink.has(code) ? addresses : [addresses[i % addresses.length] as string];
    for (const address of own) {
      const client = new ProvinceLinkClient({
        address,
        platform: code,
        maxInFlight: options.maxInFlight ?? 64,
        adjudicate,
        reverse: createReversalPolicy(options.refuseReversalMarker ?? DEFAULT_REFUSE_REVERSAL_MARKER),
        preSettle,
        ...(options.log === undefined ? {} : { log: options.log }),
        ...(options.credentialsFor === undefined ? {} : { credentials: options.credentialsFor(code, address) }),
        ...(options.signerFor === undefined ? {} : { signer: options.signerFor(code) ?? null }),
      });
      client.connect();
      if (!clients.has(code)) clients.set(code, client);
      links.push({ platform: code, address, client });
    }
  });
  return {
    clients,
    links,
    close() {
      for (const l of links) l.client.close();
    },
  };
}
