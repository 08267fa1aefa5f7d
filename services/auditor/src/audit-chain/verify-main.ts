// `npm run verify-chain [-- --nats nats://127.0.0.1:4222] [--stream AUDIT_CHAIN]`: recomputes the
// audit chain from the stream and names the first broken link. Exit 0 intact, 1 broken.
import { parseArgs } from "node:util";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { verifyChain } from "./verify-chain.js";

const { values } = parseArgs({ options: { nats: { type: "string", default: "nats://127.0.0.1:4222" }, stream: { type: "string", default: Streams.AUDIT_CHAIN } } });
const nc = await connectNats({ servers: values.nats, name: "verify-chain" });
try {
  const result = await verifyChain(nc, values.stream, Subjects.auditChain);
  if (result.ok) {
    console.log(`intact: ${result.blocks} blocks, ${result.events} events, head ${result.headHashHex}`);
  } else {
    console.log(`BROKEN at block ${result.brokenAtHeight} (stream sequence ${result.streamSeq}): ${result.reason}`);
    process.exitCode = 1;
  }
} finally {
  await nc.close();
}
