// The auditor reads its NATS credential from the environment through the one reader the tools use
// (natsAuthOptionsFromEnv): a password or nkey seed from a file, a missing file named with its
// variable, a password and a seed together refused.
import { test } from "node:test";
import { checkNatsCredentialsFromEnv } from "@tongxing/testkit";
import { auditorOptionsFromEnv, resolveAuditorConfig } from "./config.js";
import { readAuditorEnv } from "./env.js";

test("NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE; a missing file named; both refused", () => {
  checkNatsCredentialsFromEnv("auditor", (env) => resolveAuditorConfig(auditorOptionsFromEnv(readAuditorEnv({ ...env }))).natsAuth);
});
