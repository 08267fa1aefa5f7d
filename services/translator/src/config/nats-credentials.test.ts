// The translator reads its NATS credential from the environment through the one reader the tools use
// (natsAuthOptionsFromEnv): a password or nkey seed from a file, a missing file named with its
// variable, a password and a seed together refused.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { translatorOptionsFromEnv, resolveTranslatorConfig } from "./config.js";
import { readTranslatorEnv } from "./env.js";

const dir = mkdtempSync(join(tmpdir(), "translator-nats-credentials-"));
const passwordFile = join(dir, "password");
writeFileSync(passwordFile, "s3cret\n");
const seed = `SU${"A".repeat(56)}`;
const seedFile = join(dir, "seed");
writeFileSync(seedFile, `${seed}\n`);
const auth = (env: NodeJS.ProcessEnv) => resolveTranslatorConfig(translatorOptionsFromEnv(readTranslatorEnv({ DEV_HEADER_IDENTITY: "1", ...env }))).natsAuth;

test("NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE; a missing file named; both refused", () => {
  assert.deepEqual(auth({ NATS_USER: "translator", NATS_PASSWORD_FILE: passwordFile }), { user: "translator", pass: "s3cret" });
  assert.deepEqual(auth({ NATS_USER: "translator", NATS_NKEY_SEED_FILE: seedFile }), { user: "translator", nkeySeed: seed });
  assert.throws(() => auth({ NATS_USER: "translator", NATS_PASSWORD_FILE: join(dir, "absent") }), /NATS_PASSWORD_FILE: cannot read .*absent/);
  assert.throws(() => auth({ NATS_USER: "translator", NATS_PASSWORD_FILE: passwordFile, NATS_NKEY_SEED_FILE: seedFile }), /not both/);
  assert.equal(auth({}), undefined, "no credential: the development server's anonymous user");
});
