import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema } from "@tongxing/proto";
import { networkedInstitution } from "../rules/networked-institution.js";
import { institutionEntryKey as institutionKey } from "@tongxing/filings";
import { NetworkedInstitutions, levelOfEntry } from "./networked-institutions.js";

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

test("an entry's status history says on which days the institution may not settle, and N1 rejects those saying why", () => {
  const list = new NetworkedInstitutions();
  const entry = { name: "济南市第一人民医院", changes: [{ status: "NETWORKED", effectiveDate: "2020-01-01" }, { status: "SUSPENDED", effectiveDate: "2026-06-01" }, { status: "NETWORKED", effectiveDate: "2026-09-01" }] };
  list.apply("inst.37.H37010200001", true, new TextEncoder().encode(JSON.stringify(entry)));
  list.apply("inst.37.H37010200002", true, new TextEncoder().encode(JSON.stringify({ name: "plain list entry" })));
  const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`);
  assert.equal(list.notSettlingOn("37", "H37010200001", at("2026-07-10")), "SUSPENDED since 2026-06-01 on 2026-07-10");
  assert.equal(list.notSettlingOn("37", "H37010200001", at("2026-09-01")), undefined);
  assert.equal(list.notSettlingOn("37", "H37010200001", at("2019-12-31")), "not yet networked on 2019-12-31");
  assert.equal(list.notSettlingOn("37", "H37010200002", at("2026-07-10")), undefined);
  assert.equal(list.notSettlingOn("37", "H37019999999", at("2026-07-10")), undefined);
  // 23:30 UTC is the next day in Beijing.
  assert.equal(list.notSettlingOn("37", "H37010200001", Date.parse("2026-05-31T16:30:00Z")), "SUSPENDED since 2026-06-01 on 2026-06-01");

  const claim = create(ClaimSchema, { fixmedinsCode: "H37010200001", mdtrtareaAdmvs: "370102" });
  const findings = networkedInstitution.check({ claim, adjudication: create(AdjudicationSchema), policy: { fundIncludesAcct: false }, facts: { institutionNotSettling: "SUSPENDED since 2026-06-01 on 2026-07-10" } });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.message]), [["N1", "institution H37010200001 is SUSPENDED since 2026-06-01 on 2026-07-10 (the day of care): it may not settle cross-province claims"]]);
});
