/**
 * Test fixture: a valid canonical claim (2207 outpatient, Shandong hospital 370102, Jiangsu-insured
 * 320100) with one ordinary line and one refund line, for the canonical dialect and the shared
 * claim validation.
 */
import { create } from "@bufbuild/protobuf";
import { ClaimKind, ClaimSchema, type Claim } from "@tongxing/proto";

/** A fresh copy of the sample claim. */
export function sampleClaim(): Claim {
  return create(ClaimSchema, {
    kind: ClaimKind.OUTPATIENT,
    infno: "2207",
    msgid: "H37010200001202611241015300001",
    mdtrtareaAdmvs: "370102",
    insuplcAdmdvs: "320100",
    fixmedinsCode: "H37010200001",
    fixmedinsName: "山东大学齐鲁医院",
    opter: "0100231",
    infTime: "2026-11-24 10:15:30",
    person: { psnNo: "32010000000000012345", psnName: "张伟", psnCertType: "01", certno: "320102198507153216", insutype: "310", mdtrtCertType: "02", mdtrtCertNo: "320102198507153216" },
    encounter: { mdtrtId: "370102202611240000010001", medType: "11", acctUsedFlag: "1", diseCodg: "J06.900", diseName: "急性上呼吸道感染" },
    totals: { medfeeSumamt: 2000n, inscpScpAmt: 2000n },
    feeLines: [
      { feedetlSn: "1", medListCodg: "001102000010000-110200001", chrgitmLv: "01", cntE4: 20_000n, pricE6: 20_000_000n, detItemFeeSumamt: 4000n, inscpScpAmt: 4000n },
      { feedetlSn: "2", initFeedetlSn: "1", medListCodg: "001102000010000-110200001", chrgitmLv: "01", cntE4: -10_000n, pricE6: 20_000_000n, detItemFeeSumamt: -2000n, inscpScpAmt: -2000n },
    ],
  });
}
