// `npm run compose-secrets`: the NATS passwords the compose deployment (deploy/compose) mounts as
// secrets, created once under .data/compose-nats/ (mode 0600; an existing password is kept):
//   <user>.password  one per user (translator, router, auditor, admin): each service reads its own
//   passwords.conf   the same passwords as nats-server configuration variables (NATS_<USER>_PASSWORD),
//                    included by deploy/nats/users.conf on every NATS node
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { natsPasswordVariable, SERVICE_PERMISSIONS } from "@tongxing/nats";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = resolve(root, process.env.TONGXING_DATA_DIR ?? ".data", "compose-nats");
mkdirSync(dir, { recursive: true, mode: 0o700 });
const users = [...Object.keys(SERVICE_PERMISSIONS), "admin"];
const lines = ["# NATS passwords of the compose deployment (npm run compose-secrets); a secret: keep it so"];
for (const user of users) {
  const file = join(dir, `${user}.password`);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString("base64url"), { mode: 0o600 });
  lines.push(`${natsPasswordVariable(user)}: ${JSON.stringify(readFileSync(file, "utf8").trim())}`);
}
writeFileSync(join(dir, "passwords.conf"), `${lines.join("\n")}\n`, { mode: 0o600 });
console.log(`NATS passwords for compose in ${dir} (${users.join(", ")})`);
