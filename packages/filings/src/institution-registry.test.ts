import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { InstitutionSchema, InstitutionStatus } from "@tongxing/proto";
import { entryStatusOn, statusOn, validateInstitution } from "./institution-registry.js";

const changes = [
  { status: InstitutionStatus.SUSPENDED, effectiveDate: "2026-06-01" },
  { status: InstitutionStatus.NEW, effectiveDate: "2025-03-01" },
  { status: InstitutionStatus.RENAMED, effectiveDate: "2026-09-01" },
];

test("the status on a day is the latest change on or before it, in any order; before the first, none", () => {
  assert.deepEqual(statusOn(changes, "2025-02-28"), { status: InstitutionStatus.UNSPECIFIED, effectiveDate: "", networked: false });
  assert.deepEqual(statusOn(changes, "2025-03-01"), { status: InstitutionStatus.NEW, effectiveDate: "2025-03-01", networked: true });
  assert.deepEqual(statusOn(changes, "2026-08-31"), { status: InstitutionStatus.SUSPENDED, effectiveDate: "2026-06-01", networked: false });
  assert.deepEqual(statusOn(changes, "2026-09-01"), { status: InstitutionStatus.RENAMED, effectiveDate: "2026-09-01", networked: true });
  assert.equal(statusOn([{ status: InstitutionStatus.REVOKED, effectiveDate: "2026-01-01" }], "2027-01-01").networked, false);
  assert.equal(statusOn([{ status: InstitutionStatus.MOVED, effectiveDate: "2026-01-01" }], "2027-01-01").networked, true);
});

test("a plain list entry is networked every day; an entry with changes follows them; junk is unknown", () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  assert.equal(entryStatusOn(enc({ name: "x", level: "3" }), "2026-01-01")?.networked, true);
  assert.equal(entryStatusOn(new Uint8Array(0), "2026-01-01")?.networked, true);
  assert.deepEqual(entryStatusOn(enc({ changes: [{ status: "SUSPENDED", effectiveDate: "2026-06-01" }] }), "2026-07-01"), { status: InstitutionStatus.SUSPENDED, effectiveDate: "2026-06-01", networked: false });
  assert.equal(entryStatusOn(new TextEncoder().encode("{not json"), "2026-01-01"), undefined);
});

test("an institution without code, region, changes or with a bad date is refused naming each field", () => {
  const bad = create(InstitutionSchema, { fixmedinsCode: "H-1", admdvs: "37", changes: [{ status: InstitutionStatus.UNSPECIFIED, effectiveDate: "2026-02-30x" }] });
  assert.deepEqual(validateInstitution(bad).map((v) => v.field), ["institution.fixmedins_code", "institution.admdvs", "institution.changes[0].status", "institution.changes[0].effective_date"]);
  assert.deepEqual(validateInstitution(create(InstitutionSchema, { fixmedinsCode: "H37010200001", admdvs: "370102" })).map((v) => v.field), ["institution.changes"]);
  assert.deepEqual(validateInstitution(undefined).map((v) => v.field), ["institution"]);
  assert.deepEqual(validateInstitution(create(InstitutionSchema, { fixmedinsCode: "H37010200001", admdvs: "370102", changes })), []);
});
