// Writes the service users' permissions into deploy/k8s/nats-values.yaml (the NATS chart's
// values), from packages/nats SERVICE_PERMISSIONS: `npm run nats-values`. The users block between
// the marker comments is replaced; test/deploy/k8s-nats-auth.test.ts fails while it differs.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { natsPermissionsConfig, SERVICE_PERMISSIONS, type HubServiceUser } from "@tongxing/nats";

const FILE = fileURLToPath(new URL("../deploy/k8s/nats-values.yaml", import.meta.url));
const BEGIN = "        # BEGIN users (npm run nats-values)";
const END = "        # END users";
const INDENT = "        ";

/** One user's entry: permissions as YAML flow sequences (one line per list). */
function userEntry(user: string, permissions: Record<string, unknown> | undefined): string[] {
  const lines = [`${INDENT}- user: ${user}`, `${INDENT}  password: << $NATS_${user.toUpperCase()}_PASSWORD >>`];
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

const text = readFileSync(FILE, "utf8");
const begin = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (begin < 0 || end < begin) throw new Error(`${FILE}: the markers "${BEGIN.trim()}" and "${END.trim()}" are missing`);
const users = (Object.keys(SERVICE_PERMISSIONS) as HubServiceUser[]).flatMap((u) => userEntry(u, natsPermissionsConfig(SERVICE_PERMISSIONS[u])));
const block = [BEGIN, ...users, ...userEntry("admin", undefined), ""].join("\n");
writeFileSync(FILE, text.slice(0, begin) + block + text.slice(end));
console.log(`wrote the users of ${FILE}`);
