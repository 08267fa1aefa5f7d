import { randomBytes } from "node:crypto";
import type { NatsConnection } from "@nats-io/nats-core";
import { Role } from "./account.js";
import { createAccountStore } from "./account-store.js";
import { openConsoleBucket } from "./open-console-bucket.js";

/** The development account `npm start` prints. */
export const DEV_USER = "dev";

/**
 * Makes sure the development account exists (a national reviewer) and gives it a fresh random
 * password, which is returned for printing: only the scrypt hash is kept, so a restart cannot
 * show the old one. For development hubs only.
 */
export async function ensureDevAccount(nc: NatsConnection): Promise<{ user: string; password: string }> {
  const store = createAccountStore(await openConsoleBucket(nc));
  const password = randomBytes(9).toString("base64url");
  if ((await store.get(DEV_USER)) === undefined) await store.create({ user: DEV_USER, displayName: "开发审核员", role: Role.REVIEWER, scope: "national", password });
  else await store.setPassword(DEV_USER, password);
  return { user: DEV_USER, password };
}
