import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { parse } from "lossless-json";
import { isInvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimStatus, SettlementResultSchema, VerdictOutcome } from "@tongxing/proto";
import { createNhsaJsonDialect, nhsaJsonDialect } from "./nhsa-json-dialect.js";
import { jsonBytes, sampleOutpatientSettle } from "./settle-message.fixture.js";
import { sm2SignBase64, sm2VerifyBase64, sm4DecryptFromBase64, sm4EncryptToBase64 } from "./sm-crypto.js";

const pem = (k: { export(o: { type: "spki" | "pkcs8"; format: "pem" }): string | Buffer }, type: "spki" | "pkcs8") => String(k.export({ type, format: "pem" }));
const province = generateKeyPairSync("ec", { namedCurve: "SM2" });
const hub = generateKeyPairSync("ec", { namedCurve: "SM2" });
const sm4Key = randomBytes(16).toString("hex");
const security = { symmetricKeyHex: sm4Key, peerPublicKeyPem: pem(province.publicKey, "spki"), hubPrivateKeyPem: pem(hub.privateKey, "pkcs8") };
const dialect = createNhsaJsonDialect(security);

/** What an encrypting province sends: input sealed with SM4, signed with SM2 over infno + msgid + input. */
function sealed(seq: number, tamper?: (m: Record<string, unknown>) => void): Uint8Array {
  const m: Record<string, unknown> = { ...sampleOutpatientSettle(), msgid: `H3701020000120261124101530${String(seq).padStart(4, "0")}` };
  const input = sm4EncryptToBase64(sm4Key, JSON.stringify(m.input));
  m.input = input;
  m.signtype = "SM2";
  m.cainfo = sm2SignBase64(pem(province.privateKey, "pkcs8"), `${String(m.infno)}${String(m.msgid)}${input}`);
  tamper?.(m);
  return new TextEncoder().encode(JSON.stringify(m));
}

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isInvalidInputError(err));
    return err.violations[0]?.field ?? "";
  }
  assert.fail("expected a rejection");
}

test("an SM4-encrypted, SM2-signed settle message decodes to the same claim as the plain one", () => {
  const plain = jsonBytes(sampleOutpatientSettle());
  assert.deepEqual(dialect.decodeClaim(sealed(1)).claim, nhsaJsonDialect.decodeClaim(plain).claim);
});

test("a bad signature, a missing key or a wrong key is named, never a crash", () => {
  assert.equal(fieldOf(() => dialect.decodeClaim(sealed(2, (m) => (m.msgid = "H37010200001202611241200009999")))), "cainfo", "msgid changed after signing");
  assert.equal(fieldOf(() => dialect.decodeClaim(sealed(3, (m) => delete m.cainfo))), "cainfo");
  assert.equal(fieldOf(() => nhsaJsonDialect.decodeClaim(sealed(4))), "input", "no key configured");
  const wrongKey = createNhsaJsonDialect({ ...security, peerPublicKeyPem: undefined, symmetricKeyHex: randomBytes(16).toString("hex") });
  assert.equal(fieldOf(() => wrongKey.decodeClaim(sealed(5))), "input");
  assert.equal(fieldOf(() => dialect.decodeClaim(sealed(6, (m) => (m.input = "!!not base64!!")))), "cainfo");
});

test("answers to an encrypting platform are sealed with its key and signed by the hub", () => {
  const claim = dialect.decodeClaim(sealed(7)).claim;
  const result = create(SettlementResultSchema, {
    claimId: "C0123456789abcdef01234567",
    status: ClaimStatus.SETTLED,
    adjudication: create(AdjudicationSchema, { setlId: "S1", medfeeSumamt: 12050n, setlTime: "2026-11-24 10:00:00" }),
    verdict: { outcome: VerdictOutcome.APPROVE, decidedAt: "2026-11-24 10:00:01.000" },
  });
  const answer = JSON.parse(new TextDecoder().decode(dialect.encodeResult(result, claim))) as Record<string, string>;
  assert.equal(typeof answer.output, "string");
  assert.ok(sm2VerifyBase64(pem(hub.publicKey, "spki"), `${answer.infcode}${answer.inf_refmsgid}${answer.output}`, answer.cainfo ?? ""));
  const output = parse(sm4DecryptFromBase64(sm4Key, answer.output ?? "").toString("utf8"), null, (d) => d) as { setlinfo: Record<string, string> };
  assert.equal(output.setlinfo.medfee_sumamt, "120.50");
});
