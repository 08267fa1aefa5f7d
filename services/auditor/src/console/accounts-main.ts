// `npm run accounts -- create --user U --role viewer|reviewer|inspector|auditor --scope national|37
//   [--name 显示名] [--password P]`: creates a console account (a random password is printed when
//   none is given). `npm run accounts -- token --user U`: issues a bearer token for scripts.
//   `npm run accounts -- password --user U [--password P]`: sets a new password.
//   `npm run accounts -- revoke-token --token txc_…`: the token signs in no more.
//   `npm run accounts -- disable --user U`: removes the account; its password, tokens and open
//   sessions stop working at once.
//   --nats (default NATS_URL, else nats://127.0.0.1:4222) names the hub's NATS; it connects as the
//   services do, with NATS_USER and NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE when set.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { connectNats, natsAuthFromEnv } from "@tongxing/nats";
import { isRole } from "./account.js";
import { AccountError, createAccountStore } from "./account-store.js";
import { openConsoleBucket } from "./open-console-bucket.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    token: { type: "string" },
    user: { type: "string" },
    role: { type: "string" },
    scope: { type: "string", default: "national" },
    name: { type: "string" },
    password: { type: "string" },
  },
});
const USAGE = `usage: npm run accounts -- create --user U --role viewer|reviewer|inspector|auditor --scope national|<2-digit province> [--name N] [--password P]
       npm run accounts -- token --user U
       npm run accounts -- password --user U [--password P]
       npm run accounts -- revoke-token --token txc_…
       npm run accounts -- disable --user U
(each: [--nats URL]; NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE where the server wants credentials)`;
const command = positionals[0];
const user = values.user ?? "";
if (command === "revoke-token" ? values.token === undefined : !["create", "token", "password", "disable"].includes(command ?? "") || values.user === undefined) {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  const nc = await connectNats({ servers: values.nats, name: "accounts", ...natsAuthFromEnv(process.env, (f) => readFileSync(f, "utf8")) });
  try {
    const store = createAccountStore(await openConsoleBucket(nc));
    const password = values.password ?? randomBytes(12).toString("base64url");
    if (command === "create") {
      const role = values.role ?? "viewer";
      if (!isRole(role)) throw new AccountError(`role must be viewer, reviewer, inspector or auditor, got "${role}"`);
      const a = await store.create({ user, role, scope: values.scope, password, ...(values.name === undefined ? {} : { displayName: values.name }) });
      console.log(`created ${a.user} (${a.displayName}): role ${a.role}, scope ${a.scope}${values.password === undefined ? `, password ${password}` : ""}`);
    } else if (command === "password") {
      await store.setPassword(user, password);
      console.log(`password of ${user} changed${values.password === undefined ? ` to ${password}` : ""}`);
    } else if (command === "revoke-token") {
      if (!(await store.revokeToken(values.token ?? ""))) throw new AccountError("no such token (already revoked, or mistyped)");
      console.log("token revoked");
    } else if (command === "disable") {
      if (!(await store.disable(user))) throw new AccountError(`no account ${user}`);
      console.log(`account ${user} disabled: its password, tokens and sessions no longer sign in`);
    } else {
      console.log(await store.issueToken(user));
    }
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    console.error(err.message);
    process.exitCode = 1;
  } finally {
    await nc.close();
  }
}
