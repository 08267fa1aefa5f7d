// Writes the NATS users and their permissions (packages/nats SERVICE_PERMISSIONS) where a
// deployment's nats-server reads them: `npm run nats-users`.
//   deploy/k8s/nats-values.yaml  the users block of the chart's values (between marker comments)
//   deploy/nats/users.conf       the compose cluster's account (included by deploy/nats/nats-*.conf)
// test/deploy/k8s-nats-auth.test.ts and compose-nats.test.ts fail while either differs.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { natsPasswordVariable, natsPermissionsConfig, renderNatsAccount, SERVICE_PERMISSIONS, type HubServiceUser } from "@tongxing/nats";

const K8S_VALUES = fileURLToPath(new URL("../deploy/k8s/nats-values.yaml", import.meta.url));
const COMPOSE_USERS = fileURLToPath(new URL("../deploy/nats/users.conf", import.meta.url));
const BEGIN = "        # BEGIN users (npm run nats-users)";
const END = "        # END users";
const INDENT = "        ";

/** One user's entry in the chart values: permissions as YAML flow sequences (one line per list). */
function userEntry(user: string, permissions: Record<string, unknown> | undefined): string[] {
  const lines = [`${INDENT}- user: ${user}`, `${INDENT}  password: << $${natsPasswordVariable(user)} >>`];
  if (permissions === undefined) return lines;
  lines.push(`${INDENT}  permissions:`);
  for (const [side, value] of Object.entries(permissions)) {
    if (typeof value !== "object" || value === null) {
      lines.push(`${INDENT}    ${side}: ${JSON.stringify(value)}`);
      continue;
    }
    lines.push(`${INDENT}    ${side}:`);
    for (const [kind, subjects] of Object.entries(value)) lines.push(`${INDENT}      ${kind}: ${JSON.stringify(subjects)}`);
  }
  return lines;
}

const text = readFileSync(K8S_VALUES, "utf8");
const begin = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (begin < 0 || end < begin) throw new Error(`${K8S_VALUES}: the markers "${BEGIN.trim()}" and "${END.trim()}" are missing`);
const users = (Object.keys(SERVICE_PERMISSIONS) as HubServiceUser[]).flatMap((u) => userEntry(u, natsPermissionsConfig(SERVICE_PERMISSIONS[u])));
writeFileSync(K8S_VALUES, text.slice(0, begin) + [BEGIN, ...users, ...userEntry("admin", undefined), ""].join("\n") + text.slice(end));
console.log(`wrote the users of ${K8S_VALUES}`);
const composeUsers = [
  "# The hub's NATS users for the compose cluster (deploy/compose/compose.yaml), written by",
  "# `npm run nats-users` from packages/nats SERVICE_PERMISSIONS: one account, a user per service",
  "# and admin. The passwords are variables defined in passwords.conf, the compose secret",
  "# nats-passwords (`npm run compose-secrets` creates it), mounted beside this file.",
  "include ./passwords.conf",
  "",
  renderNatsAccount("TONGXING", [...(Object.keys(SERVICE_PERMISSIONS) as HubServiceUser[]).map((user) => ({ user, permissions: SERVICE_PERMISSIONS[user] })), { user: "admin" }]),
].join("\n");
writeFileSync(COMPOSE_USERS, composeUsers);
console.log(`wrote ${COMPOSE_USERS}`);
