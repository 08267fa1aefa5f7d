import assert from "node:assert/strict";
import { test } from "node:test";
import { NetworkedInstitutions, institutionKey, levelOfEntry } from "./networked-institutions.js";

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

test("an institution's entry may name its level; unknown, malformed or removed entries have none", () => {
  const list = new NetworkedInstitutions();
  list.apply(institutionKey("32", "H32010200777"), true, json({ name: "南京市社区医院", level: "1" }));
  list.apply(institutionKey("32", "H32010200001"), true, json({ name: "no level" }));
  list.apply(institutionKey("32", "H32010200002"), true, new TextEncoder().encode("complete"));
  assert.equal(list.levelOf("32", "H32010200777"), "1", "known whether or not the province enforces its list");
  assert.equal(list.levelOf("32", "H32010200001"), undefined);
  assert.equal(list.levelOf("32", "H32010200002"), undefined);
  assert.equal(list.levelOf("37", "H32010200777"), undefined);
  list.apply(institutionKey("32", "H32010200777"), true, json({ name: "re-listed without a level" }));
  assert.equal(list.levelOf("32", "H32010200777"), undefined);
  list.apply(institutionKey("32", "H32010200001"), true, json({ level: "3" }));
  list.apply(institutionKey("32", "H32010200001"), false);
  assert.equal(list.levelOf("32", "H32010200001"), undefined);
  assert.equal(levelOfEntry(json({ level: 3 })), undefined, "a level is text");
  assert.equal(levelOfEntry(json({ level: "" })), undefined);
  assert.equal(levelOfEntry(undefined), undefined);
});
