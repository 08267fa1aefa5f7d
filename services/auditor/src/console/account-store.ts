import { createHash, randomBytes } from "node:crypto";
import type { KV } from "@nats-io/kv";
import { isRole, isScope, USER_NAME, type Account, type Role, type Scope } from "./account.js";
import { accountKey, tokenKey } from "./console-bucket.js";
import type { KvMirror } from "./kv-mirror.js";
import { hashPassword, verifyPassword } from "./password-hash.js";

/** A new account's fields as an administrator gives them. */
export interface NewAccount {
  readonly user: string;
  readonly displayName?: string;
  readonly role: Role;
  readonly scope: Scope;
  readonly password: string;
}

/** Why an account could not be created. */
export class AccountError extends Error {
  override readonly name = "AccountError";
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Accounts and script tokens in the console's KV bucket. */
export interface AccountStore {
  create(input: NewAccount): Promise<Account>;
  get(user: string): Promise<Account | undefined>;
  /** The account when the password is right; undefined otherwise (unknown user included). */
  signIn(user: string, password: string): Promise<Account | undefined>;
  /** Replaces an account's password. */
  setPassword(user: string, password: string): Promise<void>;
  /** Issues a bearer token for scripts; only its SHA-256 is stored. */
  issueToken(user: string): Promise<string>;
  /** The account a bearer token signs in as. */
  byToken(token: string): Promise<Account | undefined>;
  /** Revokes a bearer token (it signs in no more); false when it was not known. */
  revokeToken(token: string): Promise<boolean>;
  /**
   * Disables an account: it is removed, so its password, its tokens and its open sessions stop
   * working at once (a request signs in only while its account exists). False when there was none.
   */
  disable(user: string): Promise<boolean>;
}

/** A hash to compare against when the user does not exist, so timing does not tell. */
const DUMMY_HASH = hashPassword("not a password");

/**
 * `mirror` (the console's request path): accounts and tokens read from a watched copy of the
 * bucket, so signing a request in does no NATS round trip; without it every read goes to the bucket.
 */
export function createAccountStore(kv: KV, mirror?: KvMirror): AccountStore {
  const read = async (key: string): Promise<Uint8Array | undefined> => {
    if (mirror !== undefined) return mirror.read(key);
    const e = await kv.get(key);
    return e === null || e.operation !== "PUT" ? undefined : e.value;
  };
  async function get(user: string): Promise<Account | undefined> {
    if (!USER_NAME.test(user)) return undefined;
    const value = await read(accountKey(user));
    return value === undefined ? undefined : (JSON.parse(decoder.decode(value)) as Account);
  }
  return {
    async create(input) {
      if (!USER_NAME.test(input.user)) throw new AccountError(`user must match ${USER_NAME}, got "${input.user}"`);
      if (!isRole(input.role)) throw new AccountError(`role must be viewer, reviewer, inspector or auditor, got "${input.role}"`);
      if (!isScope(input.scope)) throw new AccountError(`scope must be "national" or a two-digit province code, got "${input.scope}"`);
      if (input.password.length < 10) throw new AccountError("password must have at least 10 characters");
      const account: Account = {
        user: input.user,
        displayName: input.displayName ?? input.user,
        role: input.role,
        scope: input.scope,
        passwordHash: await hashPassword(input.password),
        createdAt: new Date().toISOString(),
      };
      try {
        await kv.create(accountKey(input.user), encoder.encode(JSON.stringify(account)));
      } catch (err) {
        throw new AccountError(`account ${input.user} exists already`, { cause: err });
      }
      return account;
    },
    get,
    async signIn(user, password) {
      const account = await get(user);
      const ok = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH));
      return ok && account !== undefined ? account : undefined;
    },
    async setPassword(user, password) {
      if (password.length < 10) throw new AccountError("password must have at least 10 characters");
      for (let attempt = 0; attempt < 5; attempt++) {
        const e = await kv.get(accountKey(user));
        if (e === null || e.operation !== "PUT") throw new AccountError(`no account ${user}`);
        const account = JSON.parse(decoder.decode(e.value)) as Account;
        try {
          await kv.update(accountKey(user), encoder.encode(JSON.stringify({ ...account, passwordHash: await hashPassword(password) })), e.revision);
          return;
        } catch {
          continue; // changed meanwhile: read again
        }
      }
      throw new AccountError(`account ${user} is being changed; try again`);
    },
    async issueToken(user) {
      if ((await get(user)) === undefined) throw new AccountError(`no account ${user}`);
      const token = `txc_${randomBytes(32).toString("base64url")}`;
      await kv.put(tokenKey(tokenHash(token)), encoder.encode(user));
      return token;
    },
    async byToken(token) {
      if (!/^txc_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const user = await read(tokenKey(tokenHash(token)));
      return user === undefined ? undefined : get(decoder.decode(user));
    },
    async revokeToken(token) {
      if (!/^txc_[A-Za-z0-9_-]{43}$/.test(token)) return false;
      const key = tokenKey(tokenHash(token));
      const e = await kv.get(key);
      if (e === null || e.operation !== "PUT") return false;
      await kv.delete(key);
      mirror?.remove(key);
      return true;
    },
    async disable(user) {
      if (!USER_NAME.test(user)) return false;
      const e = await kv.get(accountKey(user));
      if (e === null || e.operation !== "PUT") return false;
      await kv.delete(accountKey(user));
      mirror?.remove(accountKey(user));
      return true;
    },
  };
}
