// The router reads its NATS credential from the environment through the one reader the tools use
// (natsAuthOptionsFromEnv): a password or nkey seed from a file, a missing file named with its
// variable, a password and a seed together refused.
import { test } from "node:test";
import { checkNatsCredentialsFromEnv } from "@tongxing/testkit";
import { routerOptionsFromEnv, resolveRouterConfig } from "./config.js";
import { readRouterEnv } from "./env.js";

test("NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE; a missing file named; both refused", () => {
  checkNatsCredentialsFromEnv("router", (env) => resolveRouterConfig(routerOptionsFromEnv(readRouterEnv({ ...env }))).natsAuth);
});
