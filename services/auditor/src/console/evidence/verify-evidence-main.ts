// `npm run verify-evidence -- FILE`: checks a claim's evidence file offline (no hub needed).
// Exit 0 when every block recomputes and every event is in its block; 3 when all that the file
// holds verifies but some events' blocks are withheld from it (raw-layout blocks holding other
// claims' events, in a provincial account's file), so the file does not prove those events;
// 1 when anything fails; 2 on usage.
import { readFile } from "node:fs/promises";
import { verifyEvidence, type ReceivedCheck } from "./verify-evidence.js";

const RECEIVED_LINES: Readonly<Record<ReceivedCheck, string>> = {
  bytes: "; the message as received hashes to the SM3 chained with it",
  digest: "; the message as received: its SM3 is the chained one (its bytes are not in this file)",
  "bounded-copy": "; the message as received: its SM3 is the chained one; the file holds only its first bytes, which cannot be hashed",
  "block-withheld": "; the message as received: its RECEIVED event's block is withheld, so its SM3 is not proven by this file",
  none: "",
};

/** Exit status of a file that verifies as far as it goes but withholds some events' blocks. */
const EXIT_PARTLY_PROVEN = 3;

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: npm run verify-evidence -- FILE");
  process.exitCode = 2;
} else {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    console.error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
  if (json !== undefined) {
    const result = verifyEvidence(json);
    if (result.ok && result.unproven.length === 0) {
      console.log(`intact: claim ${result.claimId}, ${result.events} events in ${result.blocks} chain blocks, every block hash recomputes${RECEIVED_LINES[result.received]}`);
    } else if (result.ok) {
      const heights = [...new Set(result.unproven.map((e) => e.blockHeight))].join(", ");
      console.log(
        `PARTLY PROVEN: claim ${result.claimId}, ${result.events - result.unproven.length} of ${result.events} events in ${result.blocks} chain blocks, every block hash in the file recomputes${RECEIVED_LINES[result.received]};
` +
          `  not proven by this file: ${result.unproven.map((e) => `event #${e.index} (${e.status})`).join(", ")}: block(s) ${heights} were written before event digests and hold other claims' events, so this file withholds them (a national account's file, or verify-chain, proves them)`,
      );
      process.exitCode = EXIT_PARTLY_PROVEN;
    } else {
      console.log(`NOT INTACT:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
      process.exitCode = 1;
    }
  }
}
