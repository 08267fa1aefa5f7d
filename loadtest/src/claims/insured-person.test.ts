import assert from "node:assert/strict";
import { test } from "node:test";
import { insuredPerson, residentIdCheckChar } from "./insured-person.js";

test("check character after GB 11643 (ISO 7064 MOD 11-2)", () => {
  assert.equal(residentIdCheckChar("11010519491231002"), "X", "the standard's own example");
  assert.equal(residentIdCheckChar("44052418800101001"), "4");
  assert.throws(() => residentIdCheckChar("1101051949123100"), RangeError);
});

test("a person number always names the same person, registered in the given region", () => {
  const a = insuredPerson("32010000000000001234", "320100");
  assert.deepEqual(a, insuredPerson("32010000000000001234", "320100"));
  assert.notDeepEqual(a, insuredPerson("32010000000000001235", "320100"));
  assert.ok(a.certno.startsWith("320100"));
  assert.equal(a.certno.length, 18);
  assert.equal(a.certno.slice(6, 14), a.birthDate.replace(/-/g, ""));
});

test("the ID number's 17th digit matches the gender, and names are Chinese", () => {
  for (let i = 0; i < 300; i++) {
    const p = insuredPerson(`37010000000000${String(i).padStart(6, "0")}`, "370100");
    assert.equal(Number(p.certno[16]) % 2 === 1 ? "1" : "2", p.gend);
    assert.equal(p.certno[17], residentIdCheckChar(p.certno.slice(0, 17)));
    assert.match(p.psnName, /^[\u4e00-\u9fff]{2,3}$/);
  }
});
