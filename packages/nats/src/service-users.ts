import { Buckets, Subjects } from "./topology.js";

/** The hub's services, each of which connects to NATS as its own user. */
export type HubServiceUser = "translator" | "router" | "auditor";

/** What a user may publish on (NATS semantics: a subject matching a deny is refused, whatever allows it). */
export interface PublishPermissions {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/** One NATS user: name, password and publish permissions (absent: unrestricted). */
export interface NatsUser {
  readonly user: string;
  readonly password: string;
  readonly publish?: PublishPermissions;
}

/** JetStream's API, acks and flow control, and request inboxes: every service's plumbing. */
const PLUMBING = ["$JS.>", "_INBOX.>"];

/** KV writes (a put, create, delete or purge is a publish on `$KV.<bucket>.<key>`). */
const kvWrites = (bucket: string) => `$KV.${bucket}.>`;
/** The regulators' console buckets (the auditor's own: accounts, spot checks; sessions). */
const CONSOLE_BUCKETS = ["console", "console_sessions"];

/**
 * No service deletes or purges a stream (JetStream API): that is the operator's, as the `admin`
 * user. Work-queue messages are removed one by one (`STREAM.MSG.DELETE`), which stays allowed.
 */
const NO_STREAM_DELETION = ["$JS.API.STREAM.DELETE.>", "$JS.API.STREAM.PURGE.>"];

/**
 * What each service may publish. The translator alone puts claims and platforms' adjudications
 * on the bus (the links' adjudication requests to the auditor, `tongxing.adjudicate.<platform>`:
 * the router's allow list and the auditor's deny list leave them out), and routes claims at intake onto a platform's own delivery subject; the router
 * alone queues claims for maintenance windows (`delivery.<platform>.queued`), and publishes only
 * the hub's own refusals as
 * adjudications (platform "hub"); the auditor alone writes results, the ledger and the audit
 * chain. KV buckets are written only by their owners: claims by the translator (intake,
 * cancels) and the auditor (decisions, retention); filings and institutions by the translator
 * (FilingRegistry, InstitutionRegistry); routing and policies by the router (seeds); the console
 * buckets by the auditor. Cancel requests and platforms' reversal answers come from the translator
 * only, reversals for a platform's link from the auditor only. No service deletes or purges a
 * stream (docs/security.md).
 */
export const SERVICE_PUBLISH: Readonly<Record<HubServiceUser, PublishPermissions>> = {
  translator: {
    deny: [Subjects.deliveryBelowPlatforms, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain, Subjects.reversalLinkAll, kvWrites(Buckets.ROUTING), kvWrites(Buckets.POLICIES), ...CONSOLE_BUCKETS.map(kvWrites), kvWrites(Buckets.PLATFORM_KEYS), ...NO_STREAM_DELETION],
  },
  router: {
    allow: [Subjects.deliveryAll, Subjects.deadletterAll, Subjects.adjudications("hub"), kvWrites(Buckets.ROUTING), kvWrites(Buckets.POLICIES), ...PLUMBING],
    deny: [Subjects.claimsAll, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain, ...NO_STREAM_DELETION],
  },
  auditor: {
    deny: [Subjects.claimsAll, Subjects.deliveryAll, Subjects.adjudicationsAll, Subjects.adjudicateAll, Subjects.reversalsHubAll, kvWrites(Buckets.ROUTING), kvWrites(Buckets.POLICIES), kvWrites(Buckets.FILINGS), kvWrites(Buckets.INSTITUTIONS), kvWrites(Buckets.PRESETTLEMENTS), kvWrites(Buckets.RECONCILIATIONS), kvWrites(Buckets.PLATFORM_KEYS), ...NO_STREAM_DELETION],
  },
};

/** The hub's service users with the given passwords. */
export function hubServiceUsers(passwords: Readonly<Record<HubServiceUser, string>>): NatsUser[] {
  return (Object.keys(SERVICE_PUBLISH) as HubServiceUser[]).map((user) => ({ user, password: passwords[user], publish: SERVICE_PUBLISH[user] }));
}

/**
 * The `authorization` block of a nats-server configuration for these users, and optionally the
 * user a connection without credentials becomes (`no_auth_user`: tests and local tools).
 */
export function renderNatsAuthorization(users: readonly NatsUser[], noAuthUser?: string): string {
  const q = (s: string) => JSON.stringify(s);
  const list = (xs: readonly string[]) => `[${xs.map(q).join(", ")}]`;
  const lines = users.map((u) => {
    const p = u.publish;
    const parts = p === undefined ? [] : [...(p.allow === undefined ? [] : [`allow: ${list(p.allow)}`]), ...(p.deny === undefined ? [] : [`deny: ${list(p.deny)}`])];
    const permissions = parts.length === 0 ? "" : `, permissions: { publish: { ${parts.join(", ")} } }`;
    return `    { user: ${q(u.user)}, password: ${q(u.password)}${permissions} }`;
  });
  return [`authorization {`, `  users: [`, lines.join(",\n"), `  ]`, `}`, ...(noAuthUser === undefined ? [] : [`no_auth_user: ${q(noAuthUser)}`]), ""].join("\n");
}
