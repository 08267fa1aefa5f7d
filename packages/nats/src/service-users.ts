import { Subjects } from "./topology.js";

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

/** JetStream's API, acks and flow control, KV buckets and request inboxes: every service's plumbing. */
const PLUMBING = ["$JS.>", "$KV.>", "_INBOX.>"];

/**
 * What each service may publish. The translator alone puts claims and platforms' adjudications
 * on the bus (the links' adjudication requests to the auditor, `tongxing.adjudicate.<platform>`:
 * the router's allow list and the auditor's deny list leave them out), and routes claims at intake onto a platform's own delivery subject; the router
 * alone queues claims for maintenance windows (`delivery.<platform>.queued`), and publishes only
 * the hub's own refusals as
 * adjudications (platform "hub"); the auditor alone writes results, the ledger and the audit
 * chain; cancel requests and platforms' reversal answers come from the translator only, reversals
 * for a platform's link from the auditor only. JetStream's API and KV buckets stay open to all three (docs/security.md).
 */
export const SERVICE_PUBLISH: Readonly<Record<HubServiceUser, PublishPermissions>> = {
  translator: { deny: [Subjects.deliveryBelowPlatforms, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain, Subjects.reversalLinkAll] },
  router: { allow: [Subjects.deliveryAll, Subjects.deadletterAll, Subjects.adjudications("hub"), ...PLUMBING], deny: [Subjects.claimsAll, Subjects.settlementsAll, Subjects.answersAll, Subjects.ledgerAll, Subjects.auditChain] },
  auditor: { deny: [Subjects.claimsAll, Subjects.deliveryAll, Subjects.adjudicationsAll, Subjects.adjudicateAll, Subjects.reversalsHubAll] },
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
