/**
 * The simulated insured person behind a person number (人员编号): a Chinese name and an 18-character
 * resident ID number (GB 11643: region 6 + birth date 8 + sequence 3 + ISO 7064 MOD 11-2 check),
 * derived from the person number alone so that every claim of one person names the same person.
 */
import { createSeededRandom, seedFromText } from "./seeded-random.js";

/** Who a person number stands for. */
export interface InsuredPerson {
  readonly psnNo: string;
  readonly psnName: string;
  /** 18-character resident ID number (certno), with a valid check character. */
  readonly certno: string;
  /** Birth date, "yyyy-MM-dd". */
  readonly birthDate: string;
  /** "1" male, "2" female (the ID number's 17th digit is odd for men). */
  readonly gend: "1" | "2";
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
const GIVEN_MALE = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "建国", "志强", "海涛", "宇航", "浩然", "子轩"];
const GIVEN_FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂兰", "玉梅", "雨涵", "欣怡", "思琪", "梓涵"];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = "10X98765432";

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("a resident ID body is 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] as string;
}

/**
 * The person a person number stands for, registered in `admdvs` (6 digits): the same inputs
 * always give the same person.
 */
export function insuredPerson(psnNo: string, admdvs: string): InsuredPerson {
  const rng = createSeededRandom(seedFromText(`${psnNo}|${admdvs}`));
  const gend = rng.chance(0.5) ? "1" : "2";
  const year = rng.int(1940, 2006);
  const month = String(rng.int(1, 12)).padStart(2, "0");
  const day = String(rng.int(1, 28)).padStart(2, "0");
  const sequence = rng.int(0, 49) * 2 + (gend === "1" ? 1 : 0);
  const body = `${/^\d{6}$/.test(admdvs) ? admdvs : "110101"}${year}${month}${day}${String(rng.int(0, 9))}${String(sequence).padStart(2, "0")}`;
  const given = rng.pick(gend === "1" ? GIVEN_MALE : GIVEN_FEMALE);
  return {
    psnNo,
    psnName: rng.pick(SURNAMES) + given,
    certno: body + residentIdCheckChar(body),
    birthDate: `${year}-${month}-${day}`,
    gend,
  };
}
