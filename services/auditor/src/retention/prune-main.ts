// `npm run prune`: one pruning run of the auditor's data past retention (RETENTION_* settings),
// against NATS_URL, with the auditor's NATS user when NATS_USER is set. Prints what it removed.
import { openClaimStore } from "@tongxing/claim-store";
import { connectNats } from "@tongxing/nats";
import { DEV_PRIVACY_KEY_FILE, installServicePrivacyKeys } from "@tongxing/privacy";
import { auditorOptionsFromEnv, resolveAuditorConfig } from "../config/config.js";
import { readAuditorEnv } from "../config/env.js";
import { pruneExpired } from "./prune-expired.js";

const config = resolveAuditorConfig(auditorOptionsFromEnv(readAuditorEnv()));
const nc = await connectNats({ servers: config.natsUrl, name: "tongxing-prune", ...(config.natsAuth ?? {}) });
try {
  // Records are read (their status, last event) with the hub's privacy keys.
  installServicePrivacyKeys(config.privacyKeyFile, DEV_PRIVACY_KEY_FILE);
  // Pruning adds no claim events: no chain hook.
  const store = await openClaimStore(nc, {});
  const report = await pruneExpired(store, config.retention);
  console.log(`pruned ${report.claimRecords} claim record(s) and ${report.personHistories} person history(ies) past retention`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await nc.drain();
}
