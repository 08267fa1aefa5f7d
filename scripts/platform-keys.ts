// `npm run platform-keys`: the platforms' SM2 signing keys in the hub's platform-keys store (its
// own KV bucket; docs/security.md#signatures). A platform whose routing entry sets
// `requireSignatures` must sign every message with one of its current keys.
//
//   npm run platform-keys -- issue  --platform 37 [--out DIR] [--days 365] [--key-id ID] [--nats URL]
//       a new key pair (a first key, or a rotation: a new key id; older keys stay valid until
//       their own end); the private key goes to DIR/<key id>.pem for the platform, only the
//       public key into the store
//   npm run platform-keys -- import --platform 37 --public-key PUB.pem [--days 365] [--key-id ID]
//       a key the platform generated itself (it keeps the private key)
//   npm run platform-keys -- retire --platform 37 --key-id ID [--at 2026-12-31T00:00:00+08:00]
//       ends a key's validity (now by default): its signatures are refused from then on
//   npm run platform-keys -- list [--platform 37]
//   (each connects to --nats, default NATS_URL, as the services do: NATS_USER with
//   NATS_PASSWORD_FILE or NATS_NKEY_SEED_FILE where the server wants credentials)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats, ensureTopology, natsAuthFromEnv } from "@tongxing/nats";
import { jetstreamManager } from "@nats-io/jetstream";
import { issuePlatformKey, listPlatformKeys, retirePlatformKey } from "@tongxing/pki";

const usage = `usage: npm run platform-keys -- issue --platform 37 [--out DIR] [--days 365] [--key-id ID]
       npm run platform-keys -- import --platform 37 --public-key PUB.pem [--days 365] [--key-id ID]
       npm run platform-keys -- retire --platform 37 --key-id ID [--at ISO-INSTANT]
       npm run platform-keys -- list [--platform 37]
       (each: [--nats nats://127.0.0.1:4222])`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    platform: { type: "string" },
    out: { type: "string" },
    days: { type: "string" },
    "key-id": { type: "string" },
    "public-key": { type: "string" },
    at: { type: "string" },
    nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
  },
});

function need(name: "platform" | "key-id" | "public-key"): string {
  const v = values[name];
  if (v === undefined || v === "") throw new Error(`--${name} is required\n${usage}`);
  return v;
}

function days(): number | undefined {
  if (values.days === undefined) return undefined;
  const n = Number(values.days);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`--days must be a whole number of days in 1..3650, got "${values.days}"`);
  return n;
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (command === undefined || !["issue", "import", "retire", "list"].includes(command)) {
    console.log(usage);
    if (command !== undefined) process.exitCode = 2;
    return;
  }
  const nc = await connectNats({ servers: values.nats, name: "platform-keys", ...natsAuthFromEnv(process.env, (f) => readFileSync(f, "utf8")) });
  try {
    await ensureTopology(nc, await jetstreamManager(nc));
    const kv = await new Kvm(nc).open(Buckets.PLATFORM_KEYS);
    const validDays = days();
    const keyId = values["key-id"];
    if (command === "issue") {
      const issued = await issuePlatformKey(kv, { platform: need("platform"), ...(keyId === undefined ? {} : { keyId }), ...(validDays === undefined ? {} : { validDays }) });
      const dir = values.out ?? ".";
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${issued.key.keyId}.pem`);
      await writeFile(file, issued.privateKeyPem ?? "", { mode: 0o600, flag: "wx" });
      console.log(`issued key ${issued.key.keyId} for platform ${issued.key.platform}, valid ${issued.key.notBefore} to ${issued.key.notAfter}`);
      console.log(`private key (give it to the platform; the hub keeps only the public key): ${file}`);
    } else if (command === "import") {
      const publicKeyPem = await readFile(need("public-key"), "utf8");
      const issued = await issuePlatformKey(kv, { platform: need("platform"), publicKeyPem, ...(keyId === undefined ? {} : { keyId }), ...(validDays === undefined ? {} : { validDays }) });
      console.log(`imported key ${issued.key.keyId} for platform ${issued.key.platform}, valid ${issued.key.notBefore} to ${issued.key.notAfter}`);
    } else if (command === "retire") {
      const at = values.at === undefined ? Date.now() : Date.parse(values.at);
      if (Number.isNaN(at)) throw new Error(`--at must be an ISO 8601 instant, got "${values.at}"`);
      const retired = await retirePlatformKey(kv, need("platform"), need("key-id"), at);
      console.log(`key ${retired.keyId} of platform ${retired.platform} is valid until ${retired.notAfter}`);
    } else {
      const now = Date.now();
      for (const k of await listPlatformKeys(kv, values.platform)) {
        const state = now > Date.parse(k.notAfter) ? "expired" : now < Date.parse(k.notBefore) ? "not yet valid" : "valid";
        console.log(`${k.platform}\t${k.keyId}\t${k.notBefore}\t${k.notAfter}\t${state}`);
      }
    }
  } finally {
    await nc.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
