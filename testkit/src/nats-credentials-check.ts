import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A service's NATS credential as its config resolves it from an environment. */
type NatsAuthOf = (env: NodeJS.ProcessEnv) => { user: string; pass: string } | { user: string; nkeySeed: string } | undefined;

/**
 * Checks that a service reads its NATS credential from the environment as every service and tool
 * does (natsAuthOptionsFromEnv): NATS_USER with NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE, a
 * missing file named with its variable, a password and a seed together refused, none: anonymous.
 */
export function checkNatsCredentialsFromEnv(user: string, auth: NatsAuthOf): void {
  const dir = mkdtempSync(join(tmpdir(), `${user}-nats-credentials-`));
  const passwordFile = join(dir, "password");
  writeFileSync(passwordFile, "s3cret\n");
  const seed = `SU${"A".repeat(56)}`;
  const seedFile = join(dir, "seed");
  writeFileSync(seedFile, `${seed}\n`);
  assert.deepEqual(auth({ NATS_USER: user, NATS_PASSWORD_FILE: passwordFile }), { user, pass: "s3cret" });
  assert.deepEqual(auth({ NATS_USER: user, NATS_NKEY_SEED_FILE: seedFile }), { user, nkeySeed: seed });
  assert.throws(() => auth({ NATS_USER: user, NATS_PASSWORD_FILE: join(dir, "absent") }), /NATS_PASSWORD_FILE: cannot read .*absent/);
  assert.throws(() => auth({ NATS_USER: user, NATS_PASSWORD_FILE: passwordFile, NATS_NKEY_SEED_FILE: seedFile }), /not both/);
  assert.equal(auth({}), undefined, "no credential: the development server's anonymous user");
}
