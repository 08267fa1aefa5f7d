// `npm run verify-chain [-- --nats nats://127.0.0.1:4222] [--stream AUDIT_CHAIN] [--hub-key PUB.pem]…
// [--roots-dir DIR]`: recomputes the audit chain from the stream and names the first broken link;
// checks every hub signature on verdicts and settlements against the hub's public key(s) (default
// .data/pki/hub-signing.pub.pem when it exists) and every exported period root in the roots
// directory (default PERIOD_ROOTS_DIR or .data/period-roots). Exit 0 intact, 1 broken.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { connectNats, natsAuthFromEnv, Streams, Subjects } from "@tongxing/nats";
import { hubKeyPaths, hubVerifyingKeys } from "@tongxing/pki";
import { readPeriodRoots } from "./period-root.js";
import { verifyChain } from "./verify-chain.js";

const { values } = parseArgs({
  options: {
    nats: { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    stream: { type: "string", default: Streams.AUDIT_CHAIN },
    "hub-key": { type: "string", multiple: true },
    "roots-dir": { type: "string" },
  },
});
const keyFiles = values["hub-key"] ?? (existsSync(hubKeyPaths(".data/pki").publicKey) ? [hubKeyPaths(".data/pki").publicKey] : []);
const hubKeys = keyFiles.length === 0 ? undefined : hubVerifyingKeys(keyFiles.map((f) => readFileSync(f, "utf8")));
const roots = await readPeriodRoots(values["roots-dir"] ?? process.env.PERIOD_ROOTS_DIR ?? ".data/period-roots");
const nc = await connectNats({ servers: values.nats, name: "verify-chain", ...natsAuthFromEnv(process.env, (f) => readFileSync(f, "utf8")) });
try {
  const result = await verifyChain(nc, values.stream, Subjects.auditChain, { ...(hubKeys === undefined ? {} : { hubKeys }), roots: roots.roots });
  for (const p of roots.problems) console.log(`BROKEN: ${p}`);
  if (hubKeys === undefined) console.log("no hub public key (--hub-key): hub signatures and roots' signatures are not checked");
  if (result.ok) {
    console.log(`intact: ${result.blocks} blocks, ${result.events} events, head ${result.headHashHex}; ${result.signedEvents} hub signatures verified; ${result.rootsChecked} exported period roots match`);
    if (roots.problems.length > 0) process.exitCode = 1;
  } else {
    console.log(`BROKEN at block ${result.brokenAtHeight} (stream sequence ${result.streamSeq}): ${result.reason}`);
    process.exitCode = 1;
  }
} finally {
  await nc.close();
}
