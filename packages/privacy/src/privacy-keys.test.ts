import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { ClaimSchema, PersonSchema } from "@tongxing/proto";
import { CIPHER, PrivacyError, PrivacyKeys, ensurePrivacyKeyFile, openClaim, readPrivacyKeyFile, rotatePrivacyKeyFile, sealClaim } from "./mod.ts";

const person = { psnNo: "37000000000000000001", psnName: "张三", psnCertType: "01", certno: "370102199001011234", insutype: "310", mdtrtCertType: "03", mdtrtCertNo: "370102199001011234", cardSn: "CARD0001" };

test("the cipher is SM4-GCM where the runtime has it, else AES-256-GCM", () => {
  assert.ok(CIPHER === "sm4-gcm" || CIPHER === "aes-256-gcm");
});

test("a sealed claim keeps no identifier in clear and opens to the same person", () => {
  const keys = new PrivacyKeys(ensurePrivacyKeyFile(join(mkdtempSync(join(tmpdir(), "privacy-")), "keys.json")));
  const claim = create(ClaimSchema, { claimId: "C1", person: create(PersonSchema, person) });
  const sealed = sealClaim(claim, keys);
  for (const v of [sealed.person!.psnNo, sealed.person!.psnName, sealed.person!.certno, sealed.person!.mdtrtCertNo, sealed.person!.cardSn]) {
    assert.match(v, /^txenc1\./);
    for (const plain of Object.values(person)) if (plain.length > 4) assert.ok(!v.includes(plain));
  }
  assert.equal(sealed.person!.insutype, "310", "not an identifier: as given");
  assert.equal(claim.person!.certno, person.certno, "the caller's claim is not changed");
  assert.equal(sealClaim(sealed, keys).person!.certno, sealed.person!.certno, "sealing twice is sealing once");
  assert.deepEqual({ ...openClaim(sealed, keys).person }, { ...claim.person });
});

test("rotation: new writes use the newest key id, older ids still open; a tampered value is refused", () => {
  const path = join(mkdtempSync(join(tmpdir(), "privacy-")), "keys.json");
  const before = new PrivacyKeys(ensurePrivacyKeyFile(path));
  const old = before.sealText(person.certno, "person.certno");
  assert.match(old, /^txenc1\.[as]\.k1\./);
  const after = new PrivacyKeys(rotatePrivacyKeyFile(path));
  assert.equal(after.currentKeyId, "k2");
  assert.match(after.sealText(person.certno, "person.certno"), /^txenc1\.[as]\.k2\./);
  assert.equal(after.openText(old, "person.certno"), person.certno, "k1 still opens");
  assert.equal(after.lookupHash("x", "p"), before.lookupHash("x", "p"), "lookups survive rotation");
  assert.equal(readPrivacyKeyFile(path).keys.length, 2);
  const flipped = old.slice(0, -2) + (old.endsWith("A") ? "B" : "A") + old.slice(-1);
  assert.throws(() => after.openText(flipped, "person.certno"), PrivacyError);
  assert.throws(() => after.openText(old, "person.psn_no"), PrivacyError, "a value moved to another field does not open");
  assert.throws(() => before.openText(after.sealText("x", "f"), "f"), /key id "k2"/);
  const bytes = after.sealBytes(new TextEncoder().encode('{"psnNo":"1"}'), "filings");
  assert.ok(!Buffer.from(bytes).includes('"psnNo"'));
  assert.equal(new TextDecoder().decode(after.openBytes(bytes, "filings")), '{"psnNo":"1"}');
  assert.equal(new TextDecoder().decode(after.openBytes(new TextEncoder().encode("{}"), "filings")), "{}", "plain values of before pass");
});
