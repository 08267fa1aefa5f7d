/**
 * How a service proves who it is to NATS: its user name (which names its permissions and its
 * inbox prefix) with a password, or with an nkey (the seed, `SU…`; the server holds only the
 * public key, so no secret of the service's lies in the server's configuration).
 */
export type NatsAuth = { readonly user: string; readonly pass: string } | { readonly user: string; readonly nkeySeed: string };

/** A service's NATS credential options as callers give them. */
export interface NatsAuthOptions {
  readonly natsUser?: string;
  readonly natsPassword?: string;
  /** The user's nkey seed (`SU…`), instead of a password. */
  readonly natsNkeySeed?: string;
}

/** The credentials of {@link NatsAuthOptions}; absent user: none. A password and an nkey together contradict each other. */
export function resolveNatsAuth(options: NatsAuthOptions): NatsAuth | undefined {
  if (options.natsUser === undefined) {
    if (options.natsPassword !== undefined || options.natsNkeySeed !== undefined) throw new Error("a NATS password or nkey needs its user (NATS_USER)");
    return undefined;
  }
  if (options.natsNkeySeed !== undefined) {
    if (options.natsPassword !== undefined && options.natsPassword !== "") throw new Error("give the NATS user a password (NATS_PASSWORD_FILE) or an nkey seed (NATS_NKEY_SEED_FILE), not both");
    if (!/^SU[A-Z2-7]{50,}$/.test(options.natsNkeySeed)) throw new Error("the NATS nkey seed must be a user seed (SU…)");
    return { user: options.natsUser, nkeySeed: options.natsNkeySeed };
  }
  return { user: options.natsUser, pass: options.natsPassword ?? "" };
}

/** The environment variables that carry a NATS credential. */
export interface NatsEnv {
  readonly NATS_USER?: string | undefined;
  readonly NATS_PASSWORD_FILE?: string | undefined;
  readonly NATS_NKEY_SEED_FILE?: string | undefined;
}

/**
 * A service's or tool's NATS credential options from the environment: `NATS_USER` with
 * `NATS_PASSWORD_FILE` or `NATS_NKEY_SEED_FILE` (files, so no secret sits in the environment).
 * A file that cannot be read is named with its variable. Empty values count as unset.
 */
export function natsAuthOptionsFromEnv(env: NatsEnv, readFile: (path: string) => string): NatsAuthOptions {
  const read = (name: "NATS_PASSWORD_FILE" | "NATS_NKEY_SEED_FILE") => {
    const path = env[name];
    if (path === undefined || path === "") return undefined;
    try {
      return readFile(path).trim();
    } catch (err) {
      throw new Error(`${name}: cannot read ${path} (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
  };
  const user = env.NATS_USER === "" ? undefined : env.NATS_USER;
  const password = read("NATS_PASSWORD_FILE");
  const seed = read("NATS_NKEY_SEED_FILE");
  return { ...(user === undefined ? {} : { natsUser: user }), ...(password === undefined ? {} : { natsPassword: password }), ...(seed === undefined ? {} : { natsNkeySeed: seed }) };
}

/**
 * The credentials a command-line tool (verify-chain, clearing, replay) connects with, from the
 * environment the services use (see {@link natsAuthOptionsFromEnv}). None set: connect without
 * credentials (a development server's anonymous user).
 */
export function natsAuthFromEnv(env: NatsEnv, readFile: (path: string) => string): NatsAuth | undefined {
  return resolveNatsAuth(natsAuthOptionsFromEnv(env, readFile));
}
