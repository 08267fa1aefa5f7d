// `npm run verify-evidence -- FILE`: checks a claim's evidence file offline (no hub needed).
// Exit 0 when every block recomputes and every event is in its block; 1 otherwise; 2 on usage.
import { readFile } from "node:fs/promises";
import { verifyEvidence, type ReceivedCheck } from "./verify-evidence.js";

const RECEIVED_LINES: Readonly<Record<ReceivedCheck, string>> = {
  bytes: "; the message as received hashes to the SM3 chained with it",
  digest: "; the message as received: its SM3 is the chained one (its bytes are not in this file)",
  "bounded-copy": "; the message as received: its SM3 is the chained one; the file holds only its first bytes, which cannot be hashed",
  none: "",
};

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
    if (result.ok) {
      console.log(`intact: claim ${result.claimId}, ${result.events} events in ${result.blocks} chain blocks, every block hash recomputes${RECEIVED_LINES[result.received]}`);
    } else {
      console.log(`NOT INTACT:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
      process.exitCode = 1;
    }
  }
}
