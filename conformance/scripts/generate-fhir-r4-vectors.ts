// Writes conformance/vectors/fhir-r4/: FHIR R4 Claims covering every code table of DOMAIN.md,
// refunds, rare characters, boundary amounts and UTC times, with the expected canonical claim and
// ClaimResponse rendering, then the invalid inputs. The FHIR specification's own Claim examples
// (vectors 017–019) are kept as they are: read from their folders before the rest is rewritten.
// `node --import tsx conformance/scripts/generate-fhir-r4-vectors.ts [--out DIR]`, then review the
// diff by hand: the vectors are the contract, the codec must match them. --out writes elsewhere (a
// test regenerates into a temporary folder and compares byte for byte).
import { create, equals, toJsonString, fromJsonString, ScalarType } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import { LosslessNumber, parse, stringify } from "lossless-json";
import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import iconv from "iconv-lite";
import {
  AdjudicationSchema, ClaimKind, ClaimSchema, ClaimStatus, FeeLineSchema, FindingSchema, FindingSeverity, LateSettlementSchema, SettlementResultSchema, VerdictOutcome,
  type Adjudication, type Claim, type FeeLine, type SettlementResult,
} from "@tongxing/proto";
import { fhirR4Dialect as d } from "@tongxing/dialects";
import { VECTORS_ROOT } from "../src/golden-vectors.js";

const COMMITTED = join(VECTORS_ROOT, "fhir-r4");
const ROOT = parseArgs({ options: { out: { type: "string" } } }).values.out ?? COMMITTED;
const SPEC_EXAMPLES = ["claim-example", "claim-example-institutional", "claim-example-pharmacy"] as const;
/** The specification's examples, from the vectors that hold them (017–019), before anything is removed. */
const specFolder = (name: string) => readdirSync(COMMITTED).find((f) => f.endsWith(`-invalid-spec-${name}`)) ?? "";
const specExample = new Map(SPEC_EXAMPLES.map((name) => [name, readFileSync(join(COMMITTED, specFolder(name), "input.json"))]));
rmSync(ROOT, { recursive: true, force: true });
mkdirSync(ROOT, { recursive: true });

type J = Record<string, any>;
const KINDS = { professional: { kind: ClaimKind.OUTPATIENT, infno: "2207" }, institutional: { kind: ClaimKind.INPATIENT, infno: "2304" }, pharmacy: { kind: ClaimKind.PHARMACY, infno: "2102" } };

interface LineSpec { sn: string; init?: string; code: string; medins?: string; type?: string; lv?: string; cnt: bigint; pric: bigint; at?: string; split?: "A" | "B" | "S" | "O" }
const sent = (fen: bigint): bigint | undefined => (fen === 0n ? undefined : fen);
function line(s: LineSpec): FeeLine {
  const det = (s.cnt * s.pric) / 100_000_000n; // cnt e4 × pric e6 → fen (e10 → e2)
  if (det * 100_000_000n !== s.cnt * s.pric) throw new Error(`inexact line ${s.sn}`);
  const split = s.split ?? (s.lv === "02" ? "B" : s.lv === "03" ? "S" : "A");
  const pre = split === "B" ? det / 10n : 0n;
  const own = split === "S" ? det : 0n;
  const over = split === "O" ? det / 5n : 0n;
  return create(FeeLineSchema, {
    feedetlSn: s.sn, initFeedetlSn: s.init ?? "", medListCodg: s.code, medinsListCodg: s.medins ?? "", medChrgitmType: s.type ?? "", chrgitmLv: s.lv ?? "",
    // Only the non-zero parts of the split are sent, as these platforms do (a missing part of a sent split counts 0 in L1).
    cntE4: s.cnt, pricE6: s.pric, detItemFeeSumamt: det, fulamtOwnpayAmt: sent(own), overlmtAmt: sent(over), preselfpayAmt: sent(pre), inscpScpAmt: sent(det - own - over - pre), feeOcurTime: s.at ?? "",
  });
}
function withTotals(c: Claim): Claim {
  const sum = (f: (l: FeeLine) => bigint | undefined) => c.feeLines.reduce((a, l) => a + (f(l) ?? 0n), 0n);
  c.totals = { $typeName: "tongxing.v1.ClaimTotals", medfeeSumamt: sum((l) => l.detItemFeeSumamt), fulamtOwnpayAmt: sent(sum((l) => l.fulamtOwnpayAmt)), overlmtSelfpay: sent(sum((l) => l.overlmtAmt)), preselfpayAmt: sent(sum((l) => l.preselfpayAmt)), inscpScpAmt: sent(sum((l) => l.inscpScpAmt)) };
  return c;
}
interface AdjSpec { setlId: string; setlTime: string; pool: number; dedc?: bigint; acctCap?: bigint; hosp?: bigint; others?: Partial<Record<"cvlservPay" | "hifesPay" | "hifmiPay" | "hifobPay" | "mafPay" | "othPay", bigint>>; balcAfter?: bigint; clrType: string; clrWay?: string; clrOptins: string }
function adjudicate(c: Claim, s: AdjSpec): Adjudication {
  const t = c.totals!;
  const dedc = s.dedc ?? 0n;
  const inscp = t.inscpScpAmt ?? 0n;
  const base = inscp - dedc > 0n ? inscp - dedc : 0n;
  const hifp = (base * BigInt(s.pool)) / 1000n;
  const others = s.others ?? {};
  const fund = hifp + Object.values(others).reduce((a, b) => a + (b ?? 0n), 0n);
  const hosp = s.hosp ?? 0n;
  const psnPart = t.medfeeSumamt - fund - hosp;
  const acct = s.acctCap === undefined ? 0n : psnPart < s.acctCap ? psnPart : s.acctCap;
  return create(AdjudicationSchema, {
    setlId: s.setlId, medfeeSumamt: t.medfeeSumamt, fulamtOwnpayAmt: t.fulamtOwnpayAmt ?? 0n, overlmtSelfpay: t.overlmtSelfpay ?? 0n, preselfpayAmt: t.preselfpayAmt ?? 0n, inscpScpAmt: inscp,
    actPayDedc: dedc, hifpPay: hifp, ...others, fundPaySumamt: fund, hospPartAmt: hosp, psnPartAmt: psnPart, acctPay: acct, psnCashPay: psnPart - acct, balc: s.balcAfter ?? 0n,
    poolPropPermille: s.pool, clrType: s.clrType, clrWay: s.clrWay ?? "01", clrOptins: s.clrOptins, setlTime: s.setlTime,
  });
}

interface ClaimVector { slug: string; description: string; claim: Claim; result: (claimId: string, c: Claim) => SettlementResult; tweak?: (json: J) => J; text?: (json: string) => string }
let serial = 0;
const vectors: ClaimVector[] = [];
const claimIdOf = (n: number) => `C${(0x5a17e000 + n * 7919).toString(16)}${"fhir4".split("").map((ch) => ch.charCodeAt(0).toString(16)).join("")}0${n.toString(16).padStart(4, "0")}`.slice(0, 25);

function settled(adj: (c: Claim) => Adjudication, decidedAt: string) {
  return (claimId: string, c: Claim): SettlementResult => {
    const a = adj(c);
    a.claimId = claimId;
    a.adjudicatedBy = c.insuplcAdmdvs.slice(0, 2);
    return create(SettlementResultSchema, { claimId, status: ClaimStatus.SETTLED, adjudication: a, verdict: { claimId, outcome: VerdictOutcome.APPROVE, rulesetVersion: "2026.1", decidedAt }, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4" });
  };
}

function base(o: { type: keyof typeof KINDS; msgid: string; mdtrtarea: string; insuplc: string; fixmedins: string; fixname: string; opter: string; infTime: string; person: Claim["person"]; encounter: Claim["encounter"]; lines: FeeLine[] }): Claim {
  return withTotals(create(ClaimSchema, {
    ...KINDS[o.type], msgid: o.msgid, mdtrtareaAdmvs: o.mdtrtarea, insuplcAdmdvs: o.insuplc, fixmedinsCode: o.fixmedins, fixmedinsName: o.fixname, opter: o.opter, infTime: o.infTime,
    person: o.person, encounter: o.encounter, feeLines: o.lines, dialect: "fhir-r4",
  }));
}
const P = (p: Partial<NonNullable<Claim["person"]>>) => ({ $typeName: "tongxing.v1.Person" as const, psnNo: "", psnName: "", psnCertType: "", certno: "", insutype: "", mdtrtCertType: "", mdtrtCertNo: "", cardSn: "", ...p });
const E = (e: Partial<NonNullable<Claim["encounter"]>>) => ({ $typeName: "tongxing.v1.Encounter" as const, mdtrtId: "", medType: "", begntime: "", endtime: "", diseCodg: "", diseName: "", chrgBchno: "", midSetlFlag: "", psnSetlway: "", acctUsedFlag: "", invono: "", ...e });

// 001 outpatient general, 310, ID card 02, lines 01/02/03; SETTLED with personal account
vectors.push({
  slug: "outpatient-general-settled",
  description: "professional (2207) general outpatient (med_type 11), employee 310, resident ID card 02, lines of class A/B/self-pay (chrgitm_lv 01/02/03); SETTLED with personal account",
  claim: base({
    type: "professional", msgid: "H37010200001202612011405300211", mdtrtarea: "370102", insuplc: "320100", fixmedins: "H37010200001", fixname: "济南市第一人民医院", opter: "0170032", infTime: "2026-12-01 14:05:30",
    person: P({ psnNo: "32010000000000412387", psnName: "王建国", psnCertType: "01", certno: "320102196504128033", insutype: "310", mdtrtCertType: "02", mdtrtCertNo: "320102196504128033" }),
    encounter: E({ mdtrtId: "370102202612010000410211", medType: "11", begntime: "2026-12-01 13:10:00", endtime: "2026-12-01 14:00:00", diseCodg: "J20.900", diseName: "急性支气管炎", chrgBchno: "202612011405300051", psnSetlway: "01", acctUsedFlag: "1" }),
    lines: [
      line({ sn: "202612011405300001", code: "001102000010000-110200001", medins: "XM110200001", type: "02", lv: "01", cnt: 10_000n, pric: 20_000_000n, at: "2026-12-01 13:20:00" }),
      line({ sn: "202612011405300002", code: "XJ01DDC218A002010103245", medins: "YP00003245", type: "09", lv: "02", cnt: 180_000n, pric: 4_750_000n, at: "2026-12-01 13:30:00" }),
      line({ sn: "202612011405300003", code: "ZA04BAA0123010101234", medins: "YP00001234", type: "11", lv: "03", cnt: 20_000n, pric: 36_500_000n, at: "2026-12-01 13:30:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S320100202612011405330012", setlTime: "2026-12-01 14:05:33", pool: 700, acctCap: 5_000n, balcAfter: 128_650n, clrType: "11", clrOptins: "320000" }), "2026-12-01 06:05:33.120"),
});

// 002 emergency outpatient 13, 320, e-voucher 01; REJECTED by refusal
vectors.push({
  slug: "outpatient-emergency-refused",
  description: "professional emergency outpatient (13), civil servant subsidy 320, e-voucher 01; REJECTED by the insured region's refusal (error[] with the refusal code)",
  claim: base({
    type: "professional", msgid: "H44030500017202612020930150007", mdtrtarea: "440305", insuplc: "110105", fixmedins: "H44030500017", fixname: "深圳市南山区人民医院", opter: "NS0231", infTime: "2026-12-02 09:30:15",
    person: P({ psnNo: "11010500000000783310", psnName: "李静", psnCertType: "01", certno: "110105198811023127", insutype: "320", mdtrtCertType: "01", mdtrtCertNo: "E11010500000000783310A1B2" }),
    encounter: E({ mdtrtId: "440305202612020000093015", medType: "13", begntime: "2026-12-02 02:40:00", endtime: "2026-12-02 09:20:00", diseCodg: "S52.500", diseName: "桡骨下端骨折", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "1", code: "001201000010000-120100001", type: "01", lv: "01", cnt: 10_000n, pric: 35_000_000n, at: "2026-12-02 02:45:00" }),
      line({ sn: "2", code: "002302000030000-230200003", type: "03", lv: "01", cnt: 20_000n, pric: 60_000_000n, at: "2026-12-02 03:10:00" }),
    ],
  }),
  result: (claimId, c) => create(SettlementResultSchema, { claimId, status: ClaimStatus.REJECTED, refusal: { claimId, code: "PSN_SUSPENDED", message: "参保人员医保待遇暂停（欠费）" }, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4" }),
});

// 003 chronic outpatient 14, 340, card 03 with card_sn; HELD
vectors.push({
  slug: "outpatient-chronic-held",
  description: "professional chronic/special-disease outpatient (14), retired cadre 340, social security card 03 with card_sn; HELD for review (WARNING findings R1, Q1 as processNote)",
  claim: base({
    type: "professional", msgid: "H32010200009202612031010450003", mdtrtarea: "320102", insuplc: "370100", fixmedins: "H32010200009", fixname: "南京鼓楼医院", opter: "GL1002", infTime: "2026-12-03 10:10:45",
    person: P({ psnNo: "37010000000000190023", psnName: "赵德明", psnCertType: "01", certno: "370102194803150019", insutype: "340", mdtrtCertType: "03", mdtrtCertNo: "370100D15600012", cardSn: "0370100D15600012Q8" }),
    encounter: E({ mdtrtId: "320102202612030000101045", medType: "14", begntime: "2026-12-03 08:30:00", endtime: "2026-12-03 10:00:00", diseCodg: "I10.x00", diseName: "原发性高血压", psnSetlway: "01", acctUsedFlag: "1" }),
    lines: [
      line({ sn: "F001", code: "XC08CAA0590010203456", medins: "YP0590", type: "09", lv: "01", cnt: 560_000n, pric: 1_250_000n, at: "2026-12-03 09:40:00" }),
      line({ sn: "F002", code: "XC09DAA0210010104321", medins: "YP0210", type: "09", lv: "02", cnt: 280_000n, pric: 3_400_000n, at: "2026-12-03 09:40:00" }),
    ],
  }),
  result: (claimId, c) => {
    const a = adjudicate(c, { setlId: "S370100202612031010480021", setlTime: "2026-12-03 10:10:48", pool: 900, acctCap: 2_000n, clrType: "11", clrOptins: "370000" });
    a.claimId = claimId;
    return create(SettlementResultSchema, {
      claimId, status: ClaimStatus.HELD, adjudication: a, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4",
      verdict: { claimId, outcome: VerdictOutcome.HOLD, rulesetVersion: "2026.1", decidedAt: "2026-12-03 02:10:49.007", findings: [
        { ruleId: "R1", severity: FindingSeverity.WARNING, message: "门诊慢特病单次费用超过复核阈值", expected: "30000", actual: "165200" },
        { ruleId: "Q1", severity: FindingSeverity.WARNING, message: "outpatient pooling quota nearly used up", expected: "500000", actual: "487700" },
        { ruleId: "I4", severity: FindingSeverity.INFO, message: "fund parts add up", expected: "", actual: "" },
      ] },
    });
  },
});

// 004 inpatient general 21, 390, mid 0; SETTLED with hifmi
vectors.push({
  slug: "inpatient-general-settled",
  description: "institutional (2304) general inpatient (21), urban-rural residents 390, final settlement (mid_setl_flag 0), 5-day stay; SETTLED with basic fund and residents' serious-illness insurance",
  claim: base({
    type: "institutional", msgid: "H37010200001202612080916000031", mdtrtarea: "370102", insuplc: "341200", fixmedins: "H37010200001", fixname: "济南市第一人民医院", opter: "0170045", infTime: "2026-12-08 09:16:00",
    person: P({ psnNo: "34120000000002215678", psnName: "孙秀英", psnCertType: "01", certno: "341202195909141520", insutype: "390", mdtrtCertType: "02", mdtrtCertNo: "341202195909141520" }),
    encounter: E({ mdtrtId: "370102202612030000510031", medType: "21", begntime: "2026-12-03 10:20:00", endtime: "2026-12-08 09:00:00", diseCodg: "J18.900", diseName: "肺炎", chrgBchno: "ZY2026120800031", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "0", invono: "37012612080000031" }),
    lines: [
      line({ sn: "ZY31-001", code: "001103000010000-110300001", type: "02", lv: "01", cnt: 50_000n, pric: 40_000_000n, at: "2026-12-08 08:00:00" }),
      line({ sn: "ZY31-002", code: "XJ01DCC035B002010100235", type: "09", lv: "02", cnt: 150_000n, pric: 58_500_000n, at: "2026-12-07 08:00:00" }),
      line({ sn: "ZY31-003", code: "002502000010000-250200001", type: "04", lv: "01", cnt: 30_000n, pric: 120_000_000n, at: "2026-12-04 08:00:00" }),
      line({ sn: "ZY31-004", code: "C14020300100001", type: "08", lv: "03", cnt: 10_000n, pric: 286_000_000n, at: "2026-12-05 15:00:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S341200202612080916040008", setlTime: "2026-12-08 09:16:04", pool: 650, dedc: 80_000n, others: { hifmiPay: 12_350n }, clrType: "21", clrOptins: "340000" }), "2026-12-08 01:16:04.501"),
});

// 005 inpatient injury 22, 330, mid 1
vectors.push({
  slug: "inpatient-injury-interim-settled",
  description: "institutional injury inpatient (22), large-amount subsidy 330, INTERIM settlement (mid_setl_flag 1) of a continuing stay; SETTLED with hifob_pay",
  claim: base({
    type: "institutional", msgid: "H51010700021202612151730000102", mdtrtarea: "510107", insuplc: "500103", fixmedins: "H51010700021", fixname: "四川大学华西医院", opter: "HX2201", infTime: "2026-12-15 17:30:00",
    person: P({ psnNo: "50010300000000652211", psnName: "陈志强", psnCertType: "01", certno: "500103197207216615", insutype: "330", mdtrtCertType: "02", mdtrtCertNo: "500103197207216615" }),
    encounter: E({ mdtrtId: "510107202611200000700102", medType: "22", begntime: "2026-11-20 22:05:00", endtime: "2026-12-15 17:00:00", diseCodg: "S72.000", diseName: "股骨颈骨折", chrgBchno: "ZJ202612150102", midSetlFlag: "1", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "L0102-01", code: "003313000100000-331300010", type: "05", lv: "01", cnt: 10_000n, pric: 4_200_000_000n, at: "2026-11-21 09:00:00" }),
      line({ sn: "L0102-02", code: "C03130811000001000002", type: "08", lv: "02", cnt: 10_000n, pric: 12_800_000_000n, at: "2026-11-21 09:00:00", split: "O" }),
      line({ sn: "L0102-03", code: "001103000010000-110300001", type: "02", lv: "01", cnt: 250_000n, pric: 40_000_000n, at: "2026-12-15 08:00:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S500103202612151730030044", setlTime: "2026-12-15 17:30:03", pool: 850, dedc: 120_000n, others: { hifobPay: 98_000n }, clrType: "21", clrWay: "01", clrOptins: "500000" }), "2026-12-15 09:30:03.880"),
});

// 006 referral inpatient 23, 392; REJECTED by audit
vectors.push({
  slug: "inpatient-referral-audit-rejected",
  description: "institutional referral inpatient (23), residents' serious illness 392; REJECTED by the audit (ERROR findings I1 and L1 as error[], WARNING O1 left out)",
  claim: base({
    type: "institutional", msgid: "H31010400005202612190800220009", mdtrtarea: "310104", insuplc: "420100", fixmedins: "H31010400005", fixname: "复旦大学附属中山医院", opter: "ZS0778", infTime: "2026-12-19 08:00:22",
    person: P({ psnNo: "42010000000003381902", psnName: "刘芳", psnCertType: "01", certno: "420106196611302844", insutype: "392", mdtrtCertType: "02", mdtrtCertNo: "420106196611302844" }),
    encounter: E({ mdtrtId: "310104202612050000800009", medType: "23", begntime: "2026-12-05 14:00:00", endtime: "2026-12-19 07:30:00", diseCodg: "C34.900", diseName: "肺恶性肿瘤", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "9-1", code: "003310000020000-331000002", type: "05", lv: "01", cnt: 10_000n, pric: 8_600_000_000n, at: "2026-12-08 10:00:00" }),
      line({ sn: "9-2", code: "XL01XCA0010010100001", type: "09", lv: "02", cnt: 40_000n, pric: 1_998_000_000n, at: "2026-12-10 10:00:00" }),
    ],
  }),
  result: (claimId, c) => {
    const a = adjudicate(c, { setlId: "S420100202612190800250003", setlTime: "2026-12-19 08:00:25", pool: 600, dedc: 100_000n, clrType: "21", clrOptins: "420000" });
    a.claimId = claimId;
    a.hifpPay += 1n; // the insured platform's figures do not add up: the audit rejects
    return create(SettlementResultSchema, {
      claimId, status: ClaimStatus.REJECTED, adjudication: a, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4",
      verdict: { claimId, outcome: VerdictOutcome.REJECT, rulesetVersion: "2026.1", decidedAt: "2026-12-19 00:00:25.300", findings: [
        { ruleId: "I1", severity: FindingSeverity.ERROR, message: "medfee_sumamt differs from the sum of its parts", expected: "1659200", actual: "1659201" },
        { ruleId: "O1", severity: FindingSeverity.WARNING, message: "overlapping inpatient stay", expected: "", actual: "" },
        { ruleId: "L1", severity: FindingSeverity.ERROR, message: "line 9-2: det_item_fee_sumamt ≠ cnt × pric", expected: "799200", actual: "799201" },
      ] },
    });
  },
});

// 007 emergency → inpatient 24, 410, card 03; REJECTED refusal
vectors.push({
  slug: "inpatient-emergency-admission-refused",
  description: "institutional emergency-to-inpatient (24), long-term care 410 (intra-province, 370800), social security card 03; REJECTED: insurance type not settled remotely",
  claim: base({
    type: "institutional", msgid: "H37010200001202612211145000077", mdtrtarea: "370102", insuplc: "370800", fixmedins: "H37010200001", fixname: "济南市第一人民医院", opter: "0170051", infTime: "2026-12-21 11:45:00",
    person: P({ psnNo: "37080000000000457701", psnName: "周桂兰", psnCertType: "01", certno: "370811194201057724", insutype: "410", mdtrtCertType: "03", mdtrtCertNo: "370800D09912345", cardSn: "0370800D09912345K1" }),
    encounter: E({ mdtrtId: "370102202612200000110077", medType: "24", begntime: "2026-12-20 23:15:00", endtime: "2026-12-21 11:00:00", diseCodg: "I63.900", diseName: "脑梗死", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [line({ sn: "77-1", code: "001103000010000-110300001", type: "02", lv: "01", cnt: 10_000n, pric: 40_000_000n, at: "2026-12-21 08:00:00" })],
  }),
  result: (claimId, c) => create(SettlementResultSchema, { claimId, status: ClaimStatus.REJECTED, refusal: { claimId, code: "INSUTYPE_NOT_REMOTE", message: "长期护理保险不纳入异地就医直接结算" }, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4" }),
});

// 008 day surgery 28, 310; times in other zones
vectors.push({
  slug: "day-surgery-settled-utc-times",
  description: "institutional day surgery (28), employee 310, e-voucher 01; every time sent in UTC (Z), created with fractional seconds and another zone (-05:00), all converted to Beijing time; SETTLED with personal account",
  claim: base({
    type: "institutional", msgid: "H32058300003202612230650000015", mdtrtarea: "320583", insuplc: "330106", fixmedins: "H32058300003", fixname: "昆山市第一人民医院", opter: "KS0300", infTime: "2026-12-23 18:50:00",
    person: P({ psnNo: "33010600000000880015", psnName: "徐晓东", psnCertType: "01", certno: "330106197910104415", insutype: "310", mdtrtCertType: "01", mdtrtCertNo: "E33010600000000880015XX9" }),
    encounter: E({ mdtrtId: "320583202612230000065015", medType: "28", begntime: "2026-12-23 07:30:00", endtime: "2026-12-23 18:00:00", diseCodg: "K80.200", diseName: "胆囊结石", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "1" }),
    lines: [
      line({ sn: "DS15-1", code: "003311000110000-331100011", type: "05", lv: "01", cnt: 10_000n, pric: 3_150_000_000n, at: "2026-12-23 09:05:00" }),
      line({ sn: "DS15-2", code: "C02070100100001", type: "08", lv: "02", cnt: 20_000n, pric: 480_000_000n, at: "2026-12-23 09:05:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S330106202612231850020009", setlTime: "2026-12-23 18:50:02", pool: 880, acctCap: 30_000n, balcAfter: 4_055n, clrType: "21", clrWay: "02", clrOptins: "330000" }), "2026-12-23 10:50:02.640"),
  tweak: (j) => {
    j.billablePeriod = { start: "2026-12-22T23:30:00Z", end: "2026-12-23T10:00:00Z" };
    j.created = "2026-12-23T05:50:00.250-05:00";
    j.item[0].servicedPeriod.start = "2026-12-23T01:05:00Z";
    j.item[1].servicedPeriod.start = "2026-12-23T01:05:00.000+00:00";
    return j;
  },
});

// 009 pharmacy 41
vectors.push({
  slug: "pharmacy-purchase-settled",
  description: "pharmacy (2102) purchase (41), employee 310, e-voucher 01, no diagnosis, no billable period; SETTLED entirely from the personal account",
  claim: base({
    type: "pharmacy", msgid: "P33010200118202612271932080004", mdtrtarea: "330102", insuplc: "320500", fixmedins: "P33010200118", fixname: "杭州华东大药房（延安路店）", opter: "YD11802", infTime: "2026-12-27 19:32:08",
    person: P({ psnNo: "32050000000000733004", psnName: "顾婷婷", psnCertType: "01", certno: "320503199203180042", insutype: "310", mdtrtCertType: "01", mdtrtCertNo: "E32050000000000733004K77" }),
    encounter: E({ mdtrtId: "330102202612270000193204", medType: "41", psnSetlway: "01", acctUsedFlag: "1" }),
    lines: [
      line({ sn: "1", code: "XR05CBA0370020103412", medins: "X0370", type: "09", lv: "01", cnt: 20_000n, pric: 16_800_000n, at: "2026-12-27 19:30:00" }),
      line({ sn: "2", code: "ZA01AAA0095010100551", medins: "Z0095", type: "11", lv: "02", cnt: 10_000n, pric: 29_900_000n, at: "2026-12-27 19:30:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S320500202612271932100066", setlTime: "2026-12-27 19:32:10", pool: 0, acctCap: 1_000_000n, balcAfter: 215_432n, clrType: "41", clrOptins: "320000" }), "2026-12-27 11:32:10.002"),
});

// 010 maternity outpatient 51, 510
vectors.push({
  slug: "maternity-outpatient-settled",
  description: "professional maternity outpatient (51, prenatal check), maternity insurance 510, ID card 02; SETTLED",
  claim: base({
    type: "professional", msgid: "H11010500033202612280845120021", mdtrtarea: "110105", insuplc: "130100", fixmedins: "H11010500033", fixname: "北京妇产医院", opter: "FC0533", infTime: "2026-12-28 08:45:12",
    person: P({ psnNo: "13010000000001204521", psnName: "马丽娜", psnCertType: "01", certno: "130102199401190626", insutype: "510", mdtrtCertType: "02", mdtrtCertNo: "130102199401190626" }),
    encounter: E({ mdtrtId: "110105202612280000084521", medType: "51", begntime: "2026-12-28 08:00:00", endtime: "2026-12-28 08:40:00", diseCodg: "Z34.900", diseName: "正常妊娠监督", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "M21-1", code: "002403000010000-240300001", type: "03", lv: "01", cnt: 10_000n, pric: 180_000_000n, at: "2026-12-28 08:10:00" }),
      line({ sn: "M21-2", code: "002501000050000-250100005", type: "04", lv: "01", cnt: 10_000n, pric: 26_000_000n, at: "2026-12-28 08:20:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S130100202612280845150002", setlTime: "2026-12-28 08:45:15", pool: 1000, clrType: "11", clrOptins: "130000" }), "2026-12-28 00:45:15.000"),
});

// 011 maternity inpatient 52, 510, hospital share
vectors.push({
  slug: "maternity-inpatient-settled",
  description: "institutional maternity inpatient (52, delivery), maternity insurance 510; SETTLED with a hospital share (hosp_part_amt) and medical assistance",
  claim: base({
    type: "institutional", msgid: "H44010400012202612300925330008", mdtrtarea: "440104", insuplc: "450100", fixmedins: "H44010400012", fixname: "广东省妇幼保健院", opter: "FY1208", infTime: "2026-12-30 09:25:33",
    person: P({ psnNo: "45010000000000998008", psnName: "韦美玲", psnCertType: "01", certno: "450103199607250548", insutype: "510", mdtrtCertType: "02", mdtrtCertNo: "450103199607250548" }),
    encounter: E({ mdtrtId: "440104202612270000092508", medType: "52", begntime: "2026-12-27 06:40:00", endtime: "2026-12-30 09:00:00", diseCodg: "O80.000", diseName: "单胎顺产", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "08-01", code: "003313000010000-331300001", type: "05", lv: "01", cnt: 10_000n, pric: 1_500_000_000n, at: "2026-12-27 10:00:00" }),
      line({ sn: "08-02", code: "001103000010000-110300001", type: "02", lv: "01", cnt: 30_000n, pric: 40_000_000n, at: "2026-12-30 08:00:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S450100202612300925360017", setlTime: "2026-12-30 09:25:36", pool: 900, hosp: 3_000n, others: { mafPay: 2_000n }, clrType: "21", clrOptins: "450000" }), "2026-12-30 01:25:36.410"),
});

// 012 refund lines
vectors.push({
  slug: "outpatient-refund-lines",
  description: "professional outpatient with two refund lines: negative quantity, net and split amounts, each naming its original line in the init-feedetl-sn extension; SETTLED",
  claim: base({
    type: "professional", msgid: "H37010200001202612311405300211", mdtrtarea: "370102", insuplc: "320100", fixmedins: "H37010200001", fixname: "济南市第一人民医院", opter: "0170032", infTime: "2026-12-31 14:05:30",
    person: P({ psnNo: "32010000000000412387", psnName: "王建国", psnCertType: "01", certno: "320102196504128033", insutype: "310", mdtrtCertType: "02", mdtrtCertNo: "320102196504128033" }),
    encounter: E({ mdtrtId: "370102202612310000410211", medType: "11", begntime: "2026-12-31 13:10:00", endtime: "2026-12-31 14:00:00", diseCodg: "J20.900", diseName: "急性支气管炎", psnSetlway: "01", acctUsedFlag: "1" }),
    lines: [
      line({ sn: "202612311405300002", code: "XJ01DDC218A002010103245", medins: "YP00003245", type: "09", lv: "02", cnt: 180_000n, pric: 4_750_000n, at: "2026-12-31 13:30:00" }),
      line({ sn: "202612311405300003", init: "202612311405300002", code: "XJ01DDC218A002010103245", medins: "YP00003245", type: "09", lv: "02", cnt: -60_000n, pric: 4_750_000n, at: "2026-12-31 13:55:00" }),
      line({ sn: "202612311405300004", code: "T001700643", medins: "YP-T0643", type: "10", lv: "01", cnt: 300_000n, pric: 124_000n, at: "2026-12-31 13:30:00" }),
      line({ sn: "202612311405300005", init: "202612311405300004", code: "T001700643", medins: "YP-T0643", type: "10", lv: "01", cnt: -75_000n, pric: 124_000n, at: "2026-12-31 13:55:00" }),
    ],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S320100202612311405330012", setlTime: "2026-12-31 14:05:33", pool: 700, acctCap: 2_000n, balcAfter: 98_100n, clrType: "11", clrOptins: "320000" }), "2026-12-31 06:05:33.120"),
});

// 013 rare characters
vectors.push({
  slug: "rare-characters",
  description: "生僻字 outside the BMP and in CJK extension A — 𠮷 (U+20BB7), 䶮 (U+4DAE), 𪚥 (U+2A6A5), 龘 — in the patient, institution and diagnosis names, some written as JSON \\u escapes (a surrogate pair for 𠮷); residents 390; SETTLED",
  claim: base({
    type: "professional", msgid: "H36010200008202701040912000042", mdtrtarea: "360102", insuplc: "360700", fixmedins: "H36010200008", fixname: "南昌市𠮷安路䶮医院", opter: "𪚥0008", infTime: "2027-01-04 09:12:00",
    person: P({ psnNo: "36070000000000240042", psnName: "𠮷䶮龘", psnCertType: "01", certno: "360702198003040012", insutype: "390", mdtrtCertType: "02", mdtrtCertNo: "360702198003040012" }),
    encounter: E({ mdtrtId: "360102202701040000091242", medType: "11", begntime: "2027-01-04 08:30:00", endtime: "2027-01-04 09:00:00", diseCodg: "L20.900", diseName: "特应性皮炎（𪚥型）", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [line({ sn: "42-1", code: "001102000010000-110200001", type: "02", lv: "01", cnt: 10_000n, pric: 15_000_000n, at: "2027-01-04 08:40:00" })],
  }),
  result: settled((c) => adjudicate(c, { setlId: "S360700202701040912030005", setlTime: "2027-01-04 09:12:03", pool: 500, clrType: "11", clrOptins: "360000" }), "2027-01-04 01:12:03.099"),
  text: (t) => t.replace('"display": "𠮷䶮龘"', '"display": "\\ud842\\udfb7\\u4dae龘"').replace("特应性皮炎（𪚥型）", "特应性皮炎（\\ud869\\udea5型）"),
});

// 014 boundary amounts
vectors.push({
  slug: "boundary-amounts",
  description: "boundary amounts: lines of 0.00, 0.01 and 99,999,999.98 summing to a total of 99,999,999.99; SETTLED with 0.00 and 0.01 figures",
  claim: base({
    type: "institutional", msgid: "H11010200002202701052359590001", mdtrtarea: "110102", insuplc: "310115", fixmedins: "H11010200002", fixname: "北京协和医院", opter: "XH0002", infTime: "2027-01-05 23:59:59",
    person: P({ psnNo: "31011500000000000001", psnName: "钱多多", psnCertType: "01", certno: "310115198001010011", insutype: "310", mdtrtCertType: "02", mdtrtCertNo: "310115198001010011" }),
    encounter: E({ mdtrtId: "110102202612010000235959", medType: "21", begntime: "2026-12-01 00:00:00", endtime: "2027-01-05 23:59:59", diseCodg: "D69.300", diseName: "免疫性血小板减少症", midSetlFlag: "0", psnSetlway: "01", acctUsedFlag: "0" }),
    lines: [
      line({ sn: "B1", code: "001103000010000-110300001", type: "02", lv: "01", cnt: 10_000n, pric: 0n, at: "2026-12-01 08:00:00" }),
      line({ sn: "B2", code: "001103000010000-110300002", type: "02", lv: "01", cnt: 1n, pric: 100_000_000n, at: "2026-12-01 08:00:00" }),
      line({ sn: "B3", code: "XB02BXA0240010100001", type: "09", lv: "01", cnt: 10_000n, pric: 99_999_999_980_000n, at: "2027-01-05 08:00:00" }),
    ],
  }),
  result: (claimId, c) => {
    const t = c.totals!;
    const a = create(AdjudicationSchema, {
      claimId, setlId: "S310115202701052359590001", medfeeSumamt: t.medfeeSumamt, inscpScpAmt: t.inscpScpAmt, hifpPay: t.medfeeSumamt - 1n, fundPaySumamt: t.medfeeSumamt - 1n, psnPartAmt: 1n, psnCashPay: 1n,
      poolPropPermille: 1000, clrType: "21", clrWay: "01", clrOptins: "310000", setlTime: "2027-01-05 23:59:59", adjudicatedBy: "31",
    });
    return create(SettlementResultSchema, { claimId, status: ClaimStatus.SETTLED, adjudication: a, verdict: { claimId, outcome: VerdictOutcome.APPROVE, rulesetVersion: "2026.1", decidedAt: "2027-01-05 15:59:59.999" }, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4" });
  },
});

// 015 FHIR elements not carried, fallbacks
vectors.push({
  slug: "fhir-elements-not-carried",
  description: "a Claim rich in FHIR elements the hub does not carry (text, meta, contained, careTeam, supportingInfo, item.detail and factor, _status, foreign identifiers and extensions); msgid from Claim.id, fee time from servicedDate, created in UTC with milliseconds, amounts with trailing zeros (12.500); HELD without findings (REVIEW), created from the verdict across midnight",
  claim: base({
    type: "professional", msgid: "H42010600003202701060015300005", mdtrtarea: "420106", insuplc: "430100", fixmedins: "H42010600003", fixname: "武汉大学人民医院", opter: "", infTime: "2027-01-06 00:15:30",
    person: P({ psnNo: "43010000000000556605", psnName: "黄磊", insutype: "390", mdtrtCertType: "01", mdtrtCertNo: "E43010000000000556605ZZ1" }),
    encounter: E({ mdtrtId: "420106202701050000001505", medType: "13" }),
    lines: [
      line({ sn: "1", code: "001201000010000-120100001", lv: "01", cnt: 10_000n, pric: 12_500_000n, at: "2027-01-05" }),
      line({ sn: "2", code: "XN02BEA0120010100123", lv: "02", cnt: 20_000n, pric: 6_250_000n, at: "2027-01-05" }),
    ],
  }),
  result: (claimId, c) => create(SettlementResultSchema, { claimId, status: ClaimStatus.HELD, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4", verdict: { claimId, outcome: VerdictOutcome.HOLD, rulesetVersion: "2026.1", decidedAt: "2027-01-05 16:15:31.250" } }),
  tweak: (j) => {
    const out: J = { resourceType: "Claim", id: j.identifier[0].value, meta: { profile: ["https://tongxing.example/fhir/StructureDefinition/tongxing-claim"], lastUpdated: "2027-01-05T16:15:30.100Z" }, text: { status: "generated", div: "<div xmlns=\"http://www.w3.org/1999/xhtml\">急诊门诊结算</div>" } };
    out.contained = [{ resourceType: "Patient", id: "p1", modifierExtension: [{ url: "http://example.org/fhir/StructureDefinition/not-read", valueBoolean: true }], name: [{ text: "黄磊" }] }];
    out.extension = [...j.extension, { url: "http://example.org/fhir/StructureDefinition/triage-level", valueCode: "II" }];
    out.identifier = [{ system: "http://whuh.example.org/claim", value: "WH-2027-000005" }];
    out.status = j.status;
    out._status = { extension: [{ url: "http://example.org/fhir/StructureDefinition/status-note", valueString: "sent from the emergency desk" }] };
    out.type = j.type;
    out.subType = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/ex-claimsubtype", code: "emergency" }] };
    out.use = j.use;
    out.patient = { ...j.patient, reference: "#p1" };
    out.patient.extension.push({ url: "http://example.org/fhir/StructureDefinition/nationality", valueString: "CN" });
    out.created = "2027-01-05T16:15:30.999Z";
    out.insurer = { display: "湖南省长沙市医疗保障局" };
    out.provider = j.provider;
    out.priority = { coding: [{ code: "stat" }] };
    out.payee = { type: { coding: [{ code: "provider" }] } };
    out.careTeam = [{ sequence: 1, provider: { reference: "Practitioner/er-3" } }];
    out.supportingInfo = [{ sequence: 1, category: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claiminformationcategory", code: "info" }] }, valueString: "夜间急诊" }];
    out.insurance = [{ sequence: 1, focal: true, identifier: { system: "http://whuh.example.org/coverage", value: "C-77" }, coverage: { reference: "Coverage/c77", ...j.insurance[0].coverage } }];
    out.item = j.item.map((it: J, i: number) => {
      const { servicedPeriod, ...rest } = it;
      const item: J = { ...rest, careTeamSequence: [1], servicedDate: servicedPeriod.start };
      if (i === 0) {
        item.unitPrice = { value: new LosslessNumber("12.500"), currency: "CNY" };
        item.net = { value: new LosslessNumber("12.500"), currency: "CNY" };
        item.factor = new LosslessNumber("1.0");
        item.detail = [{ sequence: 1, productOrService: { coding: [{ code: "visit" }] }, net: { value: new LosslessNumber("12.5"), currency: "CNY" } }];
      }
      return item;
    });
    out.total = { value: new LosslessNumber("25.0"), currency: "CNY" };
    return out;
  },
});

// 016 inpatient totals only, minimal, compact
vectors.push({
  slug: "inpatient-totals-only-minimal",
  description: "institutional settlement whose fee details went up earlier: no item, only required elements, compact one-line JSON, created as a date alone; SETTLED without setl_time (created from the verdict)",
  claim: create(ClaimSchema, {
    kind: ClaimKind.INPATIENT, infno: "2304", msgid: "H37020200004202701070800000001", mdtrtareaAdmvs: "370202", insuplcAdmdvs: "370200", fixmedinsCode: "H37020200004", infTime: "2027-01-07", dialect: "fhir-r4",
    person: P({ psnNo: "37020000000000001234", insutype: "390", mdtrtCertType: "02", mdtrtCertNo: "370202197001011234" }),
    encounter: E({ mdtrtId: "370202202701010000080001", medType: "21" }),
    totals: { medfeeSumamt: 1_234_567n, inscpScpAmt: 1_200_000n, fulamtOwnpayAmt: 34_567n },
  }),
  result: (claimId, c) => {
    const a = create(AdjudicationSchema, { claimId, setlId: "S370200202701070800010001", medfeeSumamt: 1_234_567n, inscpScpAmt: 1_200_000n, fulamtOwnpayAmt: 34_567n, actPayDedc: 60_000n, hifpPay: 798_000n, fundPaySumamt: 798_000n, psnPartAmt: 436_567n, psnCashPay: 436_567n, poolPropPermille: 700, clrType: "21" });
    return create(SettlementResultSchema, { claimId, status: ClaimStatus.SETTLED, adjudication: a, verdict: { claimId, outcome: VerdictOutcome.APPROVE, rulesetVersion: "2026.1", decidedAt: "2027-01-07 00:00:01.500" }, msgid: c.msgid, infno: c.infno, dialect: "fhir-r4" });
  },
  text: (t) => stringify(parse(t, null, (x) => new LosslessNumber(x))) ?? "",
});

// 017 a settled pharmacy purchase reversed (2103 semantics through CancelSettlement): CANCELLED result
{
  const pharmacy = vectors.find((v) => v.slug === "pharmacy-purchase-settled") as ClaimVector;
  const claim = create(ClaimSchema, { ...pharmacy.claim, msgid: "P33010200118202612271932080005" });
  vectors.push({
    slug: "pharmacy-purchase-cancelled",
    description: "pharmacy (2102) purchase settled, then reversed by its treatment side (CancelSettlement): CANCELLED result, status cancelled, the settled figures unchanged",
    claim,
    result: (claimId, c) => {
      const r = pharmacy.result(claimId, c);
      r.status = ClaimStatus.CANCELLED;
      return r;
    },
  });
}

let n = 0;
const pretty = (v: unknown) => `${stringify(v, null, 2)}\n`;
for (const v of vectors) writeClaimVector(v);

/**
 * The insured platform states every amount of its adjudication: an amount the vector's builder
 * left unset is a stated zero (amounts have presence, so an absent one would mean "not stated").
 */
function statedInFull(result: SettlementResult): SettlementResult {
  const a = result.adjudication;
  if (a === undefined) return result;
  const amounts = a as unknown as Record<string, bigint | undefined>;
  for (const f of AdjudicationSchema.fields) {
    if (f.fieldKind === "scalar" && f.scalar === ScalarType.INT64 && f.presence === FeatureSet_FieldPresence.EXPLICIT && amounts[f.localName] === undefined) amounts[f.localName] = 0n;
  }
  return result;
}

function writeClaimVector(v: ClaimVector): void {
  n++;
  const dir = join(ROOT, `${String(n).padStart(3, "0")}-${v.slug}`);
  mkdirSync(dir);
  const encoded = new TextDecoder().decode(d.encodeClaim(v.claim));
  let json = parse(encoded, null, (x) => new LosslessNumber(x)) as J;
  if (v.tweak) json = v.tweak(json);
  let text = pretty(json);
  if (v.text) text = v.text(text);
  writeFileSync(join(dir, "input.json"), text);
  const decoded = d.decodeClaim(Buffer.from(text)).claim;
  if (!equals(ClaimSchema, decoded, v.claim)) {
    console.error(v.slug, "decoded claim differs:\n", toJsonString(ClaimSchema, decoded), "\n", toJsonString(ClaimSchema, v.claim));
  }
  writeFileSync(join(dir, "claim.json"), `${toJsonString(ClaimSchema, decoded, { prettySpaces: 2 })}\n`);
  const claimId = claimIdOf(n);
  const result = statedInFull(v.result(claimId, decoded));
  writeFileSync(join(dir, "result.json"), `${toJsonString(SettlementResultSchema, result, { prettySpaces: 2 })}\n`);
  const again = fromJsonString(SettlementResultSchema, readFileSync(join(dir, "result.json"), "utf8"));
  writeFileSync(join(dir, "result.json.out"), d.encodeResult(again, decoded));
  writeFileSync(join(dir, "vector.json"), pretty({ description: v.description, kind: "claim", input: "input.json", result: "result.json.out" }));
}

// invalid vectors
interface Invalid { slug: string; description: string; input: Buffer | string; field: string; regex: string }
const invalids: Invalid[] = [];
const SD = "https://tongxing.example/fhir/StructureDefinition/";
const ex = (f: (typeof SPEC_EXAMPLES)[number]) => specExample.get(f) as Buffer;
invalids.push({ slug: "invalid-spec-claim-example", description: "the FHIR R4 specification's claim-example (id 100150, an oral claim in USD): refused, naming the missing Chinese extensions and identifiers, the USD currency and the oral claim type", input: ex("claim-example"), field: `Claim.extension('${SD}mdtrtarea-admvs').valueString`, regex: "^is required" });
invalids.push({ slug: "invalid-spec-claim-example-institutional", description: "the FHIR R4 specification's claim-example-institutional (id 960150, USD): refused, naming the missing insured region among the missing extensions, and the USD total", input: ex("claim-example-institutional"), field: `Claim.insurance[0].coverage.extension('${SD}insuplc-admdvs').valueString`, regex: "^is required" });
invalids.push({ slug: "invalid-spec-claim-example-pharmacy", description: "the FHIR R4 specification's claim-example-pharmacy (id 760150, USD): refused, naming the missing med-type extension among the others, and the USD amounts", input: ex("claim-example-pharmacy"), field: `Claim.extension('${SD}med-type').valueCode`, regex: "^is required" });

const valid = readFileSync(join(ROOT, "001-outpatient-general-settled", "input.json"), "utf8");
const mutate = (f: (j: J) => void): string => {
  const j = parse(valid, null, (x) => new LosslessNumber(x)) as J;
  f(j);
  return pretty(j);
};
invalids.push({ slug: "invalid-amount-three-decimals", description: "item[1].net.value 85.505 has three decimals: refused, never rounded", input: mutate((j) => (j.item[1].net.value = new LosslessNumber("85.505"))), field: "Claim.item[1].net.value", regex: "at most 2 decimal places" });
invalids.push({ slug: "invalid-usd-currency", description: "an otherwise valid claim whose total is in USD: only CNY is accepted", input: mutate((j) => (j.total.currency = "USD")), field: "Claim.total.currency", regex: "must be CNY" });
invalids.push({ slug: "invalid-deep-nesting", description: "2,000 nested arrays inside contained: refused by the linear pre-parse scan (limit 32)", input: valid.replace('"resourceType": "Claim",', `"resourceType": "Claim",\n  "contained": ${"[".repeat(2000)}${"]".repeat(2000)},`), field: "payload", regex: "nested deeper than 32" });
invalids.push({ slug: "invalid-wrong-resource-type", description: "a Bundle holding the Claim instead of the Claim itself", input: pretty({ resourceType: "Bundle", type: "collection", entry: [{ resource: parse(valid) }] }), field: "Claim.resourceType", regex: "must be \"Claim\"" });
invalids.push({ slug: "invalid-amount-as-string", description: "total.value written as the string \"1225.00\": FHIR decimals are JSON numbers", input: mutate((j) => (j.total.value = "1225.00")), field: "Claim.total.value", regex: "must be a JSON number" });
invalids.push({ slug: "invalid-exponent-decimal", description: "item[0].unitPrice.value written with an exponent (2E+1): refused, decimals are read as written", input: valid.replace('"value": 20.000000', '"value": 2E+1'), field: "Claim.item[0].unitPrice.value", regex: "without an exponent" });
invalids.push({ slug: "invalid-modifier-extension", description: "an item with a modifierExtension the hub does not understand: FHIR requires refusing the resource", input: mutate((j) => (j.item[0].modifierExtension = [{ url: "http://example.org/fhir/StructureDefinition/not-covered", valueBoolean: true }])), field: "Claim.item[0].modifierExtension", regex: "modifier extension" });
invalids.push({ slug: "invalid-unknown-insutype", description: "insutype 999 is not in the national table: the shared validation's violation is named by its FHIR path", input: mutate((j) => (j.insurance[0].coverage.extension[0].valueCode = "999")), field: `Claim.insurance[0].coverage.extension('${SD}insutype').valueCode`, regex: "must be one of" });
invalids.push({ slug: "invalid-time-without-zone", description: "billablePeriod.start 2026-12-01T13:10:00 has no time zone", input: mutate((j) => (j.billablePeriod.start = "2026-12-01T13:10:00")), field: "Claim.billablePeriod.start", regex: "time zone" });
invalids.push({ slug: "invalid-price-seven-decimals", description: "item[2].unitPrice.value has 7 decimals (unit prices take 6); the path names the item", input: mutate((j) => (j.item[2].unitPrice.value = new LosslessNumber("36.5000001"))), field: "Claim.item[2].unitPrice.value", regex: "at most 6 decimal places" });
invalids.push({ slug: "invalid-misspelt-extension", description: "a line carrying a misspelt Tongxing extension (init-feedetl-no for init-feedetl-sn): refused rather than silently dropped", input: mutate((j) => j.item[1].extension.push({ url: `${SD}init-feedetl-no`, valueString: "202612011405300001" })), field: "Claim.item[1].extension[4]", regex: "not a Tongxing extension" });
invalids.push({ slug: "invalid-gbk-encoding", description: "the claim encoded in GBK instead of UTF-8", input: iconv.encode(valid, "gbk"), field: "payload", regex: "not valid UTF-8" });
for (const v of invalids) writeInvalidVector(v);

function writeInvalidVector(v: Invalid): void {
  n++;
  const dir = join(ROOT, `${String(n).padStart(3, "0")}-${v.slug}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "input.json"), v.input);
  writeFileSync(join(dir, "vector.json"), pretty({ description: v.description, kind: "invalid", input: "input.json", error: { field: v.field, description: v.regex } }));
  try {
    d.decodeClaim(typeof v.input === "string" ? Buffer.from(v.input) : v.input);
    console.error(v.slug, "DECODED");
  } catch (e: any) {
    const hit = e.violations?.some((x: any) => x.field === v.field && new RegExp(v.regex).test(x.description));
    if (!hit) console.error(v.slug, "no matching violation", e.violations);
  }
}
// Added after the first set (numbered after it): a late claim (补录重新结算) with its
// late-settlement extension, settled with the refund stated, and the block without the cash paid.
// encodeClaim leaves the block out (it stays with the hub), so the input gets it by a tweak.
const general = vectors[0] as ClaimVector;
const lateExtension = (withCash: boolean): J => ({
  url: `${SD}late-settlement`,
  extension: [
    { url: "window-id", valueString: "JS-2026-12-MAINT" },
    { url: "outage-begin", valueDateTime: "2026-12-01T00:00:00+08:00" },
    { url: "outage-end", valueDateTime: "2026-12-02T06:00:00+08:00" },
    { url: "cash-receipt-no", valueString: "SJ20261201-0051" },
    { url: "cash-medfee-sumamt", valueMoney: { value: new LosslessNumber("178.50"), currency: "CNY" } },
    ...(withCash ? [{ url: "cash-paid-amt", valueMoney: { value: new LosslessNumber("178.50"), currency: "CNY" } }] : []),
  ],
});
const lateClaim = create(ClaimSchema, {
  ...general.claim,
  msgid: "H37010200001202612151405300233",
  lateSettlement: create(LateSettlementSchema, { windowId: "JS-2026-12-MAINT", outageBegin: "2026-12-01 00:00:00", outageEnd: "2026-12-02 06:00:00", cashReceiptNo: "SJ20261201-0051", cashMedfeeSumamt: 17_850n, cashPaidAmt: 17_850n }),
});
writeClaimVector({
  slug: "professional-late-settlement-settled",
  description: "professional (2207) outpatient paid in cash during a maintenance window, submitted later with the late-settlement extension (补录重新结算); SETTLED with LS1, the ClaimResponse states the refund owed (178.50 paid in cash, 60.64 the patient's cash share: 117.86 back)",
  claim: lateClaim,
  result: (claimId, c) => {
    const r = general.result(claimId, c);
    r.lateSettlementRefundFen = (c.lateSettlement?.cashPaidAmt ?? 0n) - (r.adjudication?.psnCashPay ?? 0n);
    r.verdict?.findings.push(create(FindingSchema, { ruleId: "LS1", severity: FindingSeverity.INFO, message: "late claim for window JS-2026-12-MAINT" }));
    return r;
  },
  tweak: (j) => {
    (j.extension as J[]).push(lateExtension(true));
    return j;
  },
});
writeInvalidVector({
  slug: "invalid-late-settlement-without-cash",
  description: "a late-settlement extension without cash-paid-amt (what the patient paid in cash)",
  input: mutate((j) => (j.extension as J[]).push(lateExtension(false))),
  field: `Claim.extension('${SD}late-settlement').extension('cash-paid-amt').valueMoney.value`,
  regex: "is required in a late-settlement extension",
});
console.log("vectors:", n);
