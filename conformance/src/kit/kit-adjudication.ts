import { create } from "@bufbuild/protobuf";
import { ClaimKind, AdjudicationSchema, type Adjudication, type Claim } from "@tongxing/proto";

const CLR_TYPE: Readonly<Record<number, string>> = { [ClaimKind.OUTPATIENT]: "11", [ClaimKind.INPATIENT]: "21", [ClaimKind.PHARMACY]: "41" };

/**
 * The settlement the kit answers a submitter with: 70 % of the eligible amount from the pooled
 * fund, the rest the patient's cash. Every identity (I1–I4) holds; amounts are bigint fen.
 */
export function kitAdjudication(claim: Claim): Adjudication {
  const t = claim.totals;
  const medfee = t?.medfeeSumamt ?? 0n;
  const inscp = t?.inscpScpAmt ?? 0n;
  const hifp = (inscp * 700n) / 1000n;
  const psnPart = medfee - hifp;
  return create(AdjudicationSchema, {
    claimId: claim.claimId,
    setlId: `KIT${claim.claimId.replace(/\D/g, "").padStart(12, "0")}`,
    medfeeSumamt: medfee,
    fulamtOwnpayAmt: t?.fulamtOwnpayAmt ?? 0n,
    overlmtSelfpay: t?.overlmtSelfpay ?? 0n,
    preselfpayAmt: t?.preselfpayAmt ?? 0n,
    inscpScpAmt: inscp,
    hifpPay: hifp,
    fundPaySumamt: hifp,
    psnPartAmt: psnPart,
    psnCashPay: psnPart,
    poolPropPermille: 700,
    clrType: CLR_TYPE[claim.kind] ?? "99",
    clrWay: "01",
    clrOptins: `${claim.insuplcAdmdvs.slice(0, 2)}0000`,
    setlTime: "2026-12-03 10:20:00",
    adjudicatedBy: claim.insuplcAdmdvs.slice(0, 2),
  });
}
