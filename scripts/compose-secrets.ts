// `npm run compose-secrets`: what the compose deployment (deploy/compose) mounts as secrets for
// NATS, created once under .data/compose-nats/ (mode 0600; an existing file is kept):
//   <user>.password       one per user (translator, router, auditor, admin): each service reads its own
//   passwords.conf        the same passwords as nats-server configuration variables (NATS_<USER>_PASSWORD),
//                         included by deploy/nats/users.conf on every NATS node
//   nats-server.pem/-key  the NATS nodes' TLS certificate (nats-1, nats-2, nats-3, localhost), issued by
//                         the development CA in .data/pki (the one `npm start` and `npm run certs` use),
//                         which the services trust through NODE_EXTRA_CA_CERTS
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { natsPasswordVariable, SERVICE_PERMISSIONS } from "@tongxing/nats";
import { ensureDevPki, issueCertificate, loadCertificateAuthority } from "@tongxing/pki";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = resolve(root, process.env.TONGXING_DATA_DIR ?? ".data");
const dir = join(dataDir, "compose-nats");
mkdirSync(dir, { recursive: true, mode: 0o700 });
const users = [...Object.keys(SERVICE_PERMISSIONS), "admin"];
const lines = ["# NATS passwords of the compose deployment (npm run compose-secrets); a secret: keep it so"];
for (const user of users) {
  const file = join(dir, `${user}.password`);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString("base64url"), { mode: 0o600 });
  lines.push(`${natsPasswordVariable(user)}: ${JSON.stringify(readFileSync(file, "utf8").trim())}`);
}
writeFileSync(join(dir, "passwords.conf"), `${lines.join("\n")}\n`, { mode: 0o600 });

const certFile = join(dir, "nats-server.pem");
const keyFile = join(dir, "nats-server-key.pem");
if (!existsSync(certFile) || !existsSync(keyFile)) {
  const pki = await ensureDevPki({ dir: join(dataDir, "pki"), platforms: [] });
  const server = await issueCertificate(await loadCertificateAuthority(pki), { kind: "server", commonName: "tongxing-nats", dnsNames: ["nats-1", "nats-2", "nats-3", "localhost"], ipAddresses: ["127.0.0.1"] });
  writeFileSync(keyFile, server.keyPem, { mode: 0o600 });
  writeFileSync(certFile, server.certPem);
}
console.log(`NATS secrets for compose in ${dir}: passwords (${users.join(", ")}), TLS certificate of the NATS nodes`);
