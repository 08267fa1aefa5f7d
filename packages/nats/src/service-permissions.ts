import { DEAD_LETTER_WORK_QUEUES } from "./dead-letter-sweeper.js";
import {
  ACCOUNT_INFO,
  consumerInfo,
  consumerListing,
  durableConsumer,
  kvReads,
  kvStream,
  kvWrites,
  orderedConsumers,
  streamEnsure,
  streamMessageDelete,
  streamMessageReads,
  streamUpdate,
} from "./jetstream-api-permissions.js";
import { Advisories, Buckets, Consumers, Streams, Subjects } from "./topology.js";

/** The hub's services, each of which connects to NATS as its own user. */
export type HubServiceUser = "translator" | "router" | "auditor";

/** Subjects allowed and denied (NATS semantics: a subject matching a deny is refused, whatever allows it). */
export interface SubjectPermissions {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/**
 * What one NATS user may do: publish (business subjects, KV writes and every JetStream API call,
 * which is a request on `$JS.API.…`), subscribe, and whether it may answer the requests it
 * receives (`allow_responses`: one reply to each request's own reply subject, whatever `publish`
 * says).
 */
export interface UserPermissions {
  readonly publish: SubjectPermissions;
  readonly subscribe: SubjectPermissions;
  readonly allowResponses?: boolean;
}

/**
 * The inbox prefix of a service user's connection (nats.js `inboxPrefix`): replies to its own
 * requests, JetStream API answers and consumer deliveries arrive below it, and only that user may
 * subscribe there (another service cannot read them off `_INBOX.>`).
 */
export function serviceInboxPrefix(user: string): string {
  return `_INBOX_${user}`;
}

/** The regulators' console buckets (the auditor's own: accounts, spot checks; sessions). */
const CONSOLE_BUCKETS = ["console", "console_sessions"] as const;

/** Every stream of the hub's topology (ensureTopology), KV buckets as their streams. */
const HUB_STREAMS: readonly string[] = [...Object.values(Streams), ...Object.values(Buckets).map(kvStream)];

/**
 * The JetStream calls every service makes at start: account info, and ensureTopology, which may
 * create any of the hub's streams and buckets that is missing (so any service can start first)
 * and reads their configuration. Creating changes nothing that exists; no other stream can be made.
 */
const TOPOLOGY = [ACCOUNT_INFO, ...HUB_STREAMS.flatMap(streamEnsure)];

/**
 * No service deletes or purges a stream (JetStream API): that is the operator's, as the `admin`
 * user. Work-queue messages the router dead-letters are removed one by one (`STREAM.MSG.DELETE`).
 */
const NO_STREAM_DELETION = ["$JS.API.STREAM.DELETE.>", "$JS.API.STREAM.PURGE.>"];

/**
 * Who may change a stream's configuration after it exists: the auditor hardens the evidence
 * streams (append-only), the router sets SETTLEMENTS' retention from the backlog policy. No one
 * else updates a stream; raising replicas is the operator's (admin).
 */
export const STREAM_UPDATERS: Readonly<Record<string, readonly HubServiceUser[]>> = {
  [Streams.LEDGER]: ["auditor"],
  [Streams.AUDIT_CHAIN]: ["auditor"],
  [Streams.SETTLEMENTS]: ["router"],
};

/**
 * Whether the NATS user `user` may update `stream`'s configuration: a hub service only where
 * {@link STREAM_UPDATERS} says so; no user (a development server's anonymous one) or another
 * user (the operator's) is not held to it here.
 */
export function mayUpdateStream(user: string | undefined, stream: string): boolean {
  if (user === undefined || !(user in SERVICE_PERMISSIONS)) return true;
  return (STREAM_UPDATERS[stream] ?? []).includes(user as HubServiceUser);
}

const updatesOf = (service: HubServiceUser): string[] => Object.entries(STREAM_UPDATERS).filter(([, who]) => who.includes(service)).map(([stream]) => streamUpdate(stream));

/**
 * Every permission of each service user, in one place (docs/security.md#nats-users-and-permissions).
 *
 * Business subjects: the translator alone puts claims and platforms' adjudications on the bus
 * (the links' adjudication requests to the auditor, `tongxing.adjudicate.<platform>`), and routes
 * claims at intake onto a platform's own delivery subject; the router alone queues claims for
 * maintenance windows (`delivery.<platform>.queued`) and publishes only the hub's own refusals as
 * adjudications (platform "hub"); the auditor alone writes results, the ledger and the audit
 * chain. Cancel requests and platforms' reversal answers come from the translator only, reversals
 * for a platform's link from the auditor only.
 *
 * KV buckets are written only by their owners (claims: translator and auditor; filings,
 * institutions, pre-settlements, reconciliations: translator; routing, policies: router; console:
 * auditor) and read only by the services that use them; `platform-keys` is written by the
 * operator's `npm run platform-keys` alone.
 *
 * JetStream: each service creates and uses only its own durable consumers (by name, or for
 * per-platform consumers by filter subject), reads single messages of the streams it inspects,
 * updates only the streams of {@link STREAM_UPDATERS}, and deletes or purges none.
 *
 * Subscriptions: each service subscribes only to the core subjects it serves and to its own
 * inbox ({@link serviceInboxPrefix}).
 */
export const SERVICE_PERMISSIONS: Readonly<Record<HubServiceUser, UserPermissions>> = {
  translator: {
    publish: {
      allow: [
        "tongxing.>",
        ...[Buckets.CLAIMS, Buckets.FILINGS, Buckets.INSTITUTIONS, Buckets.PRESETTLEMENTS, Buckets.RECONCILIATIONS].map(kvWrites),
        ...TOPOLOGY,
        ...[Buckets.CLAIMS, Buckets.FILINGS, Buckets.INSTITUTIONS, Buckets.PRESETTLEMENTS, Buckets.RECONCILIATIONS, Buckets.ROUTING, Buckets.PLATFORM_KEYS].flatMap(kvReads),
        // each platform's link: claims to deliver, results of its own claims, reversals to answer
        ...durableConsumer(Streams.DELIVERY, "*", Subjects.delivery("*")),
        ...durableConsumer(Streams.SETTLEMENTS, "*", Subjects.settlements("*")),
        ...durableConsumer(Streams.REVERSALS, "*", Subjects.reversalLink("*")),
        // a cancel finds its settlement's ledger entry; reconciliation reads the ledger by day
        ...streamMessageReads(Streams.LEDGER),
        ...orderedConsumers(Streams.LEDGER),
      ],
      deny: [Subjects.deliveryBelowPlatforms, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain, Subjects.reversalLinkAll, ...NO_STREAM_DELETION],
    },
    subscribe: {
      // answers and results for the SettleClaim calls it holds; pre-settlement requests for its links
      allow: [Subjects.answersAll, Subjects.settlementsAll, Subjects.preSettle(">"), `${serviceInboxPrefix("translator")}.>`],
    },
    allowResponses: true,
  },
  router: {
    publish: {
      allow: [
        Subjects.deliveryAll,
        Subjects.deadletterAll,
        Subjects.adjudications("hub"),
        kvWrites(Buckets.ROUTING),
        kvWrites(Buckets.POLICIES),
        ...TOPOLOGY,
        ...updatesOf("router"),
        ...[Buckets.ROUTING, Buckets.POLICIES].flatMap(kvReads),
        ...durableConsumer(Streams.CLAIMS, Consumers.ROUTER, Subjects.claimsAll),
        // maintenance windows: each platform's queue is released by its own consumer
        ...durableConsumer(Streams.DELIVERY, "*", Subjects.deliveryQueued("*")),
        // dead letters (the sweeper copies a message a consumer gave up on, and removes it from a
        // work queue; the stranded-message sweep finds them by the queues' consumers); the backlog
        // policy reads and drops the oldest deliveries
        ...[...DEAD_LETTER_WORK_QUEUES, Streams.SETTLEMENTS, Streams.DEADLETTER].flatMap(streamMessageReads),
        ...[...DEAD_LETTER_WORK_QUEUES].map(streamMessageDelete),
        ...[...DEAD_LETTER_WORK_QUEUES].flatMap(consumerListing),
      ],
      deny: [Subjects.claimsAll, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain, ...NO_STREAM_DELETION],
    },
    subscribe: {
      allow: [Advisories.maxDeliveriesAll, `${serviceInboxPrefix("router")}.>`],
    },
  },
  auditor: {
    publish: {
      allow: [
        "tongxing.>",
        kvWrites(Buckets.CLAIMS),
        ...CONSOLE_BUCKETS.map(kvWrites),
        ...TOPOLOGY,
        ...CONSOLE_BUCKETS.map(kvStream).flatMap(streamEnsure),
        ...updatesOf("auditor"),
        ...[Buckets.CLAIMS, Buckets.ROUTING, Buckets.POLICIES, Buckets.FILINGS, Buckets.INSTITUTIONS, Buckets.PRESETTLEMENTS, Buckets.RECONCILIATIONS, ...CONSOLE_BUCKETS].flatMap(kvReads),
        ...durableConsumer(Streams.ADJUDICATIONS, Consumers.AUDITOR, Subjects.adjudicationsAll),
        ...durableConsumer(Streams.REVERSALS, Consumers.REVERSER, Subjects.reversalsHubAll),
        // its own evidence: the chain's head, ledger look-ups, the console's windows and clearing
        ...[Streams.LEDGER, Streams.AUDIT_CHAIN].flatMap((s) => [...streamMessageReads(s), ...orderedConsumers(s)]),
        // the console's per-platform backlog tiles (the oldest waiting delivery)
        consumerInfo(Streams.DELIVERY, "*"),
        ...streamMessageReads(Streams.DELIVERY),
      ],
      deny: [Subjects.claimsAll, Subjects.deliveryAll, Subjects.adjudicationsAll, Subjects.adjudicateAll, Subjects.reversalsHubAll, ...NO_STREAM_DELETION],
    },
    subscribe: {
      // the links' adjudication requests; the chain's new blocks for the console's live figures
      allow: [Subjects.adjudicateAll, Subjects.auditChain, `${serviceInboxPrefix("auditor")}.>`],
    },
    allowResponses: true,
  },
};
