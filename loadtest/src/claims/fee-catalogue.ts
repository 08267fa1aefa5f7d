/**
 * A small fee catalogue for simulated claims: national catalogue codes (医保目录编码) of common
 * services, examinations, drugs, herbal pieces and materials with the institution's own code,
 * the charge category (医疗收费项目类别), the class (甲 01 / 乙 02 / 自费 03), a unit price and the
 * quantity step it is dispensed in. The codes follow the national formats but are illustrative.
 *
 * Every (price, step) pair is exact: step × price is a whole number of fen, so any whole number
 * of steps gives a line total with at most two decimals (det_item_fee_sumamt = cnt × pric).
 */

/** Where an item is billed. */
export type FeeSetting = "outpatient" | "inpatient" | "pharmacy";

/** What part an item plays in a simulated claim. */
export type FeeRole = "consult" | "lab" | "imaging" | "treatment" | "ward" | "surgery" | "anaesthesia" | "drug" | "material";

/** One catalogue item. */
export interface FeeItem {
  /** 医疗目录编码 (national). */
  readonly medListCodg: string;
  /** 医药机构目录编码 (the institution's own). */
  readonly medinsListCodg: string;
  readonly name: string;
  /** 医疗收费项目类别: 01 bed, 02 consultation, 03 examination, 04 lab, 05 treatment, 06 surgery,
   * 07 nursing, 08 material, 09 western drug, 10 herbal pieces, 11 patent TCM, 12 general fee. */
  readonly medChrgitmType: string;
  /** 收费项目等级: 01 class A, 02 class B, 03 self-pay. */
  readonly chrgitmLv: "01" | "02" | "03";
  /** Unit price, yuan × 10^6. */
  readonly pricE6: bigint;
  /** Quantity dispensed per step (a pack, half an hour, 2.5 g), units × 10^4. */
  readonly stepE4: bigint;
  /** Fewest and most steps on one line (ward items: per day, the stay decides). */
  readonly steps: readonly [number, number];
  readonly role: FeeRole;
  readonly settings: readonly FeeSetting[];
}

const OUT: readonly FeeSetting[] = ["outpatient"];
const IN: readonly FeeSetting[] = ["inpatient"];
const OUT_IN: readonly FeeSetting[] = ["outpatient", "inpatient"];
const ALL: readonly FeeSetting[] = ["outpatient", "inpatient", "pharmacy"];
const OUT_PH: readonly FeeSetting[] = ["outpatient", "pharmacy"];

/** The catalogue. */
export const FEE_CATALOGUE: readonly FeeItem[] = [
  // Consultation and general fees.
  { medListCodg: "001102000010000-110200001", medinsListCodg: "XM110200001", name: "普通门诊诊查费", medChrgitmType: "02", chrgitmLv: "01", pricE6: 20_000000n, stepE4: 1_0000n, steps: [1, 1], role: "consult", settings: OUT },
  { medListCodg: "001102000020000-110200002", medinsListCodg: "XM110200002", name: "副主任医师门诊诊查费", medChrgitmType: "02", chrgitmLv: "01", pricE6: 35_000000n, stepE4: 1_0000n, steps: [1, 1], role: "consult", settings: OUT },
  { medListCodg: "001102000030000-110200003", medinsListCodg: "XM110200003", name: "主任医师门诊诊查费", medChrgitmType: "02", chrgitmLv: "02", pricE6: 50_000000n, stepE4: 1_0000n, steps: [1, 1], role: "consult", settings: OUT },
  // Laboratory.
  { medListCodg: "002501010150000-250101015", medinsListCodg: "HY250101015", name: "血细胞分析(血常规)", medChrgitmType: "04", chrgitmLv: "01", pricE6: 25_000000n, stepE4: 1_0000n, steps: [1, 1], role: "lab", settings: OUT_IN },
  { medListCodg: "002503040030000-250304003", medinsListCodg: "HY250304003", name: "C反应蛋白测定", medChrgitmType: "04", chrgitmLv: "01", pricE6: 36_000000n, stepE4: 1_0000n, steps: [1, 1], role: "lab", settings: OUT_IN },
  { medListCodg: "002503010050000-250301005", medinsListCodg: "HY250301005", name: "丙氨酸氨基转移酶测定", medChrgitmType: "04", chrgitmLv: "01", pricE6: 7_500000n, stepE4: 1_0000n, steps: [1, 2], role: "lab", settings: OUT_IN },
  { medListCodg: "002503020010000-250302001", medinsListCodg: "HY250302001", name: "葡萄糖测定", medChrgitmType: "04", chrgitmLv: "01", pricE6: 4_000000n, stepE4: 1_0000n, steps: [1, 3], role: "lab", settings: OUT_IN },
  // Imaging and function tests.
  { medListCodg: "002101020150000-210102015", medinsListCodg: "JC210102015", name: "胸部DR摄影", medChrgitmType: "03", chrgitmLv: "01", pricE6: 90_000000n, stepE4: 1_0000n, steps: [1, 1], role: "imaging", settings: OUT_IN },
  { medListCodg: "002103000010000-210300001", medinsListCodg: "JC210300001", name: "X线计算机体层(CT)平扫", medChrgitmType: "03", chrgitmLv: "02", pricE6: 280_000000n, stepE4: 1_0000n, steps: [1, 1], role: "imaging", settings: OUT_IN },
  { medListCodg: "002203000010000-220300001", medinsListCodg: "JC220300001", name: "彩色多普勒超声常规检查", medChrgitmType: "03", chrgitmLv: "01", pricE6: 160_000000n, stepE4: 1_0000n, steps: [1, 1], role: "imaging", settings: OUT_IN },
  { medListCodg: "003107010010000-310701001", medinsListCodg: "JC310701001", name: "常规心电图检查", medChrgitmType: "03", chrgitmLv: "01", pricE6: 25_000000n, stepE4: 1_0000n, steps: [1, 1], role: "imaging", settings: OUT_IN },
  // Treatment.
  { medListCodg: "001204000060000-120400006", medinsListCodg: "ZL120400006", name: "静脉输液", medChrgitmType: "05", chrgitmLv: "01", pricE6: 8_000000n, stepE4: 1_0000n, steps: [1, 3], role: "treatment", settings: OUT_IN },
  { medListCodg: "001204000130000-120400013", medinsListCodg: "ZL120400013", name: "雾化吸入", medChrgitmType: "05", chrgitmLv: "01", pricE6: 12_500000n, stepE4: 1_0000n, steps: [1, 2], role: "treatment", settings: OUT_IN },
  { medListCodg: "001208000010000-120800001", medinsListCodg: "ZL120800001", name: "氧气吸入(按小时)", medChrgitmType: "05", chrgitmLv: "01", pricE6: 2_500000n, stepE4: 5000n, steps: [2, 48], role: "treatment", settings: IN },
  // Ward, per day.
  { medListCodg: "001109000010000-110900001", medinsListCodg: "CW110900001", name: "普通病房床位费(三人间)", medChrgitmType: "01", chrgitmLv: "01", pricE6: 45_000000n, stepE4: 1_0000n, steps: [1, 1], role: "ward", settings: IN },
  { medListCodg: "001201000040000-120100004", medinsListCodg: "HL120100004", name: "Ⅱ级护理", medChrgitmType: "07", chrgitmLv: "01", pricE6: 30_000000n, stepE4: 1_0000n, steps: [1, 1], role: "ward", settings: IN },
  { medListCodg: "001103000010000-110300001", medinsListCodg: "XM110300001", name: "住院诊查费", medChrgitmType: "02", chrgitmLv: "01", pricE6: 20_000000n, stepE4: 1_0000n, steps: [1, 1], role: "ward", settings: IN },
  // Surgery and anaesthesia.
  { medListCodg: "003310030170000-331003017", medinsListCodg: "SS331003017", name: "阑尾切除术", medChrgitmType: "06", chrgitmLv: "01", pricE6: 1250_000000n, stepE4: 1_0000n, steps: [1, 1], role: "surgery", settings: IN },
  { medListCodg: "003310050110000-331005011", medinsListCodg: "SS331005011", name: "腹腔镜下胆囊切除术", medChrgitmType: "06", chrgitmLv: "01", pricE6: 2680_000000n, stepE4: 1_0000n, steps: [1, 1], role: "surgery", settings: IN },
  { medListCodg: "003301000050000-330100005", medinsListCodg: "SS330100005", name: "全身麻醉", medChrgitmType: "06", chrgitmLv: "01", pricE6: 960_000000n, stepE4: 1_0000n, steps: [1, 1], role: "anaesthesia", settings: IN },
  // Materials.
  { medListCodg: "C0201010010000012345", medinsListCodg: "CL00012345", name: "一次性使用输液器", medChrgitmType: "08", chrgitmLv: "02", pricE6: 3_200000n, stepE4: 1_0000n, steps: [1, 6], role: "material", settings: OUT_IN },
  { medListCodg: "C1401040010000103212", medinsListCodg: "CL00103212", name: "可吸收性外科缝线", medChrgitmType: "08", chrgitmLv: "02", pricE6: 58_000000n, stepE4: 1_0000n, steps: [1, 3], role: "material", settings: IN },
  { medListCodg: "C1802030010000001876", medinsListCodg: "CL00001876", name: "医用冷敷贴", medChrgitmType: "08", chrgitmLv: "03", pricE6: 28_500000n, stepE4: 1_0000n, steps: [1, 2], role: "material", settings: OUT_IN },
  // Western drugs, priced per tablet, capsule or unit and dispensed by the pack.
  { medListCodg: "XJ01CAA040E001010100155", medinsListCodg: "YP00000155", name: "阿莫西林胶囊 0.25g×24粒", medChrgitmType: "09", chrgitmLv: "01", pricE6: 375000n, stepE4: 24_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "XJ01DDC218A002010103245", medinsListCodg: "YP00003245", name: "头孢克肟分散片 0.1g×6片", medChrgitmType: "09", chrgitmLv: "02", pricE6: 4_750000n, stepE4: 6_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "XM01AEB056E002010104215", medinsListCodg: "YP00004215", name: "布洛芬缓释胶囊 0.3g×20粒", medChrgitmType: "09", chrgitmLv: "01", pricE6: 660000n, stepE4: 20_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "XC08CAA079A001010102030", medinsListCodg: "YP00002030", name: "苯磺酸氨氯地平片 5mg×28片", medChrgitmType: "09", chrgitmLv: "01", pricE6: 337500n, stepE4: 28_0000n, steps: [1, 3], role: "drug", settings: ALL },
  { medListCodg: "XA10BAE047A001010103998", medinsListCodg: "YP00003998", name: "盐酸二甲双胍片 0.5g×60片", medChrgitmType: "09", chrgitmLv: "01", pricE6: 162500n, stepE4: 60_0000n, steps: [1, 3], role: "drug", settings: ALL },
  { medListCodg: "XC10AAA152A001010104231", medinsListCodg: "YP00004231", name: "阿托伐他汀钙片 20mg×28片", medChrgitmType: "09", chrgitmLv: "02", pricE6: 1_012500n, stepE4: 28_0000n, steps: [1, 3], role: "drug", settings: ALL },
  { medListCodg: "XA02BCA211E001010104012", medinsListCodg: "YP00004012", name: "奥美拉唑肠溶胶囊 20mg×14粒", medChrgitmType: "09", chrgitmLv: "01", pricE6: 625000n, stepE4: 14_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "XA10ABY078B002010180047", medinsListCodg: "YP00080047", name: "门冬胰岛素注射液(按单位)", medChrgitmType: "09", chrgitmLv: "02", pricE6: 195800n, stepE4: 50_0000n, steps: [1, 6], role: "drug", settings: ALL },
  { medListCodg: "XB05XAL049B002010101773", medinsListCodg: "YP00001773", name: "0.9%氯化钠注射液 250ml", medChrgitmType: "09", chrgitmLv: "01", pricE6: 3_650000n, stepE4: 1_0000n, steps: [1, 6], role: "drug", settings: OUT_IN },
  { medListCodg: "XJ01DDA063B001010100678", medinsListCodg: "YP00000678", name: "注射用头孢曲松钠 1g", medChrgitmType: "09", chrgitmLv: "02", pricE6: 12_860000n, stepE4: 1_0000n, steps: [1, 14], role: "drug", settings: OUT_IN },
  { medListCodg: "XB05AAR003B002010100011", medinsListCodg: "YP00000011", name: "人血白蛋白 10g", medChrgitmType: "09", chrgitmLv: "02", pricE6: 398_000000n, stepE4: 1_0000n, steps: [1, 10], role: "drug", settings: IN },
  { medListCodg: "XA11GAW031A002010101999", medinsListCodg: "YP00001999", name: "维生素C泡腾片 1g×10片", medChrgitmType: "09", chrgitmLv: "03", pricE6: 1_580000n, stepE4: 10_0000n, steps: [1, 2], role: "drug", settings: OUT_PH },
  // Patent TCM and herbal pieces (by the gram, in 2.5 g or 5 g steps).
  { medListCodg: "ZA01AAL0014010100892", medinsListCodg: "ZY00100892", name: "连花清瘟胶囊 0.35g×24粒", medChrgitmType: "11", chrgitmLv: "02", pricE6: 582500n, stepE4: 24_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "ZA12BAF0232010103457", medinsListCodg: "ZY00103457", name: "复方丹参滴丸 27mg×180丸", medChrgitmType: "11", chrgitmLv: "01", pricE6: 147500n, stepE4: 180_0000n, steps: [1, 2], role: "drug", settings: ALL },
  { medListCodg: "T001700643", medinsListCodg: "YP-T0643", name: "黄芪(饮片)", medChrgitmType: "10", chrgitmLv: "01", pricE6: 124000n, stepE4: 2_5000n, steps: [4, 60], role: "drug", settings: ALL },
  { medListCodg: "T000700187", medinsListCodg: "YP-T0187", name: "当归(饮片)", medChrgitmType: "10", chrgitmLv: "02", pricE6: 286000n, stepE4: 5_0000n, steps: [2, 30], role: "drug", settings: ALL },
];
