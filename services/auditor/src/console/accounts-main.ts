// `npm run accounts -- create --user U --role viewer|reviewer|inspector|auditor --scope national|37
//   [--name 显示名] [--password P]`: creates a console account (a random password is printed when
//   none is given). `npm run accounts -- token --user U`: issues a bearer token for scripts.
//   `npm run accounts -- password --user U [--password P]`: sets a new password.
//   --nats nats://127.0.0.1:4222 names the hub's NATS.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { connectNats } from "@tongxing/nats";
import { isRole } from "./account.js";
import { AccountError, createAccountStore } from "./account-store.js";
import { openConsoleBucket } from "./open-console-bucket.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    nats: { type: "string", default: "nats://127.0.0.1:4222" },
    user: { type: "string" },
    role: { type: "string" },
    scope: { type: "string", default: "national" },
    name: { type: "string" },
    password: { type: "string" },
  },
});
const command = positionals[0];
const user = values.user;
if ((command !== "create" && command !== "token" && command !== "password") || user === undefined) {
  console.error("usage: npm run accounts -- create --user U --role viewer|reviewer|inspector|auditor --scope national|<2-digit province> [--name N] [--password P]\n       npm run accounts -- token --user U\n       npm run accounts -- password --user U [--password P]");
  process.exitCode = 2;
} else {
  const nc = await connectNats({ servers: values.nats, name: "accounts" });
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
