import { SERVICE_PERMISSIONS, type HubServiceUser, type SubjectPermissions, type UserPermissions } from "./service-permissions.js";

/**
 * One NATS user: its name, how it proves itself (a password, or the public key `U…` of its nkey:
 * the server then knows it by that key alone) and its permissions (absent: unrestricted).
 */
export interface NatsUser {
  readonly user: string;
  readonly password?: string;
  readonly nkey?: string;
  readonly permissions?: UserPermissions;
}

/** The hub's service users with the given passwords, each with its {@link SERVICE_PERMISSIONS}. */
export function hubServiceUsers(passwords: Readonly<Record<HubServiceUser, string>>): NatsUser[] {
  return (Object.keys(SERVICE_PERMISSIONS) as HubServiceUser[]).map((user) => ({ user, password: passwords[user], permissions: SERVICE_PERMISSIONS[user] }));
}

/**
 * A user's permissions as nats-server configuration takes them (`publish`, `subscribe`,
 * `allow_responses`), as a plain object: rendered into a configuration file here and into the
 * Kubernetes chart's values (deploy/k8s/nats-values.yaml).
 */
export function natsPermissionsConfig(p: UserPermissions): Record<string, unknown> {
  const side = (s: SubjectPermissions) => ({ ...(s.allow === undefined ? {} : { allow: [...s.allow] }), ...(s.deny === undefined ? {} : { deny: [...s.deny] }) });
  return { publish: side(p.publish), subscribe: side(p.subscribe), ...(p.allowResponses === true ? { allow_responses: true } : {}) };
}

/**
 * The `authorization` block of a nats-server configuration for these users, and optionally the
 * user a connection without credentials becomes (`no_auth_user`: tests and local tools).
 */
export function renderNatsAuthorization(users: readonly NatsUser[], noAuthUser?: string): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = users.map((u) => {
    const permissions = u.permissions === undefined ? "" : `, permissions: ${JSON.stringify(natsPermissionsConfig(u.permissions))}`;
    const identity = u.nkey === undefined ? `user: ${q(u.user)}, password: ${q(u.password ?? "")}` : `nkey: ${q(u.nkey)}`;
    return `    { ${identity}${permissions} }`;
  });
  return [`authorization {`, `  users: [`, lines.join(",\n"), `  ]`, `}`, ...(noAuthUser === undefined ? [] : [`no_auth_user: ${q(noAuthUser)}`]), ""].join("\n");
}

/** The configuration variable that holds a user's password in a rendered account (`NATS_ROUTER_PASSWORD`). */
export function natsPasswordVariable(user: string): string {
  return `NATS_${user.toUpperCase()}_PASSWORD`;
}

/**
 * An `accounts` block of a nats-server configuration: one account with JetStream and these users,
 * each password a configuration variable ({@link natsPasswordVariable}) defined elsewhere (an
 * included secret file, or the environment), so the block itself holds no secret.
 */
export function renderNatsAccount(account: string, users: readonly Omit<NatsUser, "password">[]): string {
  const lines = users.map((u) => {
    const permissions = u.permissions === undefined ? "" : `, permissions: ${JSON.stringify(natsPermissionsConfig(u.permissions))}`;
    return `      { user: ${JSON.stringify(u.user)}, password: $${natsPasswordVariable(u.user)}${permissions} }`;
  });
  return [`accounts {`, `  ${account} {`, `    jetstream: enabled`, `    users: [`, lines.join(",\n"), `    ]`, `  }`, `}`, ""].join("\n");
}
