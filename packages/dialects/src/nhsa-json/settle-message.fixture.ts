/**
 * Test fixture: a realistic 2207 outpatient settle message as a Shandong hospital sends it for a
 * Jiangsu-insured employee (山东大学齐鲁医院, 370102 → 320100). Three fee lines: a consultation
 * (class A), a class-B drug with up-front self-pay, and a self-paid consumable with a fractional
 * quantity. The totals satisfy I1 and each line L1 exactly.
 */
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";

/** A settle message as plain JSON values, for tests to alter before encoding. */
export interface SettleMessageJson extends Record<string, unknown> {
  input: Record<string, unknown> & { data: Record<string, unknown>; feedetail?: Record<string, unknown>[]; drugdetail?: unknown };
}

/** A fresh copy of the sample 2207 message (amounts as strings, as most clients send them). */
export function sampleOutpatientSettle(): SettleMessageJson {
  return {
    infno: "2207",
    msgid: "H37010200001202611241015300001",
    mdtrtarea_admvs: "370102",
    insuplc_admdvs: "320100",
    recer_sys_code: "YBXT37",
    dev_no: "",
    dev_safe_info: "",
    cainfo: "",
    signtype: "",
    infver: "V1.0",
    opter_type: "1",
    opter: "0100231",
    opter_name: "李娜",
    inf_time: "2026-11-24 10:15:30",
    fixmedins_code: "H37010200001",
    fixmedins_name: "山东大学齐鲁医院",
    sign_no: "2026112400000417",
    input: {
      data: {
        psn_no: "32010000000000012345",
        psn_name: "张伟",
        psn_cert_type: "01",
        certno: "320102198507153216",
        insutype: "310",
        mdtrt_cert_type: "02",
        mdtrt_cert_no: "320102198507153216",
        med_type: "11",
        mdtrt_id: "370102202611240000010001",
        chrg_bchno: "202611241015300001",
        psn_setlway: "01",
        acct_used_flag: "1",
        invono: "37010226000417",
        begntime: "2026-11-24 09:20:00",
        endtime: "2026-11-24 10:05:00",
        dise_codg: "J06.900",
        dise_name: "急性上呼吸道感染",
        medfee_sumamt: "52.64",
        fulamt_ownpay_amt: "7.95",
        overlmt_selfpay: "0.00",
        preselfpay_amt: "2.47",
        inscp_scp_amt: "42.22",
      },
      feedetail: [
        {
          feedetl_sn: "202611241015300001",
          med_list_codg: "001102000010000-110200001",
          medins_list_codg: "ZC0001",
          med_chrgitm_type: "05",
          chrgitm_lv: "01",
          cnt: "1",
          pric: "20.00",
          det_item_fee_sumamt: "20.00",
          fulamt_ownpay_amt: "0.00",
          overlmt_amt: "0.00",
          preselfpay_amt: "0.00",
          inscp_scp_amt: "20.00",
          fee_ocur_time: "2026-11-24 09:25:00",
        },
        {
          feedetl_sn: "202611241015300002",
          med_list_codg: "XJ01CAA040A001010104445",
          medins_list_codg: "YP0317",
          med_chrgitm_type: "09",
          chrgitm_lv: "02",
          cnt: "2",
          pric: "12.345000",
          det_item_fee_sumamt: "24.69",
          fulamt_ownpay_amt: "0.00",
          overlmt_amt: "0.00",
          preselfpay_amt: "2.47",
          inscp_scp_amt: "22.22",
          fee_ocur_time: "2026-11-24 09:58:00",
        },
        {
          feedetl_sn: "202611241015300003",
          med_list_codg: "C14010101200000000000",
          medins_list_codg: "HC0102",
          med_chrgitm_type: "08",
          chrgitm_lv: "03",
          cnt: "1.5",
          pric: "5.3",
          det_item_fee_sumamt: "7.95",
          fulamt_ownpay_amt: "7.95",
          overlmt_amt: "0.00",
          preselfpay_amt: "0.00",
          inscp_scp_amt: "0.00",
          fee_ocur_time: "2026-11-24 10:01:00",
        },
      ],
    },
  };
}

/** UTF-8 bytes of a JSON value, or of JSON text given as a string. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
}

/** The violations `run` throws as an InvalidInputError; fails the test on any other outcome. */
export function violationsOf(run: () => unknown): FieldViolation[] {
  try {
    run();
  } catch (err) {
    if (!isInvalidInputError(err)) throw new Error(`expected InvalidInputError, got ${String(err)}`, { cause: err });
    return [...err.violations];
  }
  throw new Error("expected a rejection, but it was accepted");
}
