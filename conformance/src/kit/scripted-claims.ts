import { create } from "@bufbuild/protobuf";
import { ClaimKind, ClaimSchema, type Claim } from "@tongxing/proto";

/** What a scripted claim varies: its kind, a serial for unique ids, the insured region. */
export interface ScriptedClaimOptions {
  readonly kind: ClaimKind;
  readonly serial: number;
  /** 参保地 admdvs: the platform under test's own region. Default 320100 (Nanjing). */
  readonly insuplcAdmdvs?: string;
  readonly insutype?: string;
}

const MED_TYPE: Readonly<Record<number, string>> = { [ClaimKind.OUTPATIENT]: "11", [ClaimKind.INPATIENT]: "21", [ClaimKind.PHARMACY]: "41" };
const INFNO: Readonly<Record<number, string>> = { [ClaimKind.OUTPATIENT]: "2207", [ClaimKind.INPATIENT]: "2304", [ClaimKind.PHARMACY]: "2102" };

/**
 * A valid cross-province claim (treated in Jinan 370102) whose totals satisfy I1 and whose lines
 * satisfy L1: 2 lines of a class-A item and 1 self-pay line. Amounts in fen.
 */
export function scriptedClaim(options: ScriptedClaimOptions): Claim {
  const serial = String(options.serial).padStart(4, "0");
  const insuplc = options.insuplcAdmdvs ?? "320100";
  return create(ClaimSchema, {
    claimId: `conformance-${insuplc}-${serial}`,
    kind: options.kind,
    infno: INFNO[options.kind] ?? "2207",
    msgid: `H37010200001202612031015${serial.slice(-2)}${serial}`,
    mdtrtareaAdmvs: "370102",
    insuplcAdmdvs: insuplc,
    fixmedinsCode: "H37010200001",
    fixmedinsName: "山东大学齐鲁医院",
    submitterPlatform: "37",
    dialect: "canonical",
    opter: "0100231",
    infTime: "2026-12-03 10:15:30",
    person: {
      psnNo: `3201000000000001${serial}`,
      psnName: "张伟",
      psnCertType: "01",
      certno: "320102198507153216",
      insutype: options.insutype ?? "310",
      mdtrtCertType: "02",
      mdtrtCertNo: "320102198507153216",
    },
    encounter: {
      mdtrtId: `3701022026120300${serial}`,
      medType: MED_TYPE[options.kind] ?? "11",
      begntime: "2026-12-03 09:00:00",
      endtime: "2026-12-03 10:00:00",
      diseCodg: "J06.900",
      diseName: "急性上呼吸道感染",
      chrgBchno: `B${serial}`,
      acctUsedFlag: "1",
    },
    totals: { medfeeSumamt: 128_050n, inscpScpAmt: 120_000n, fulamtOwnpayAmt: 8_050n },
    feeLines: [
      { feedetlSn: "1", medListCodg: "001102000010000-110200001", chrgitmLv: "01", cntE4: 30_000n, pricE6: 400_000_000n, detItemFeeSumamt: 120_000n, inscpScpAmt: 120_000n },
      { feedetlSn: "2", medListCodg: "XJ01CAA040A001010100478", chrgitmLv: "03", cntE4: 10_000n, pricE6: 80_500_000n, detItemFeeSumamt: 8_050n, fulamtOwnpayAmt: 8_050n },
    ],
  });
}
