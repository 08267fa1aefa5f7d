/**
 * The 31 provincial-level regions of the mainland, by GB/T 2260 province code, with the capital's
 * admdvs (a typical pooling region) and the 2020 census population in ten-thousands (used to
 * weight simulated traffic).
 */
export interface Province {
  /** Two-digit province code, also the default routing-table platform id. */
  readonly code: string;
  readonly name: string;
  /** admdvs of the provincial capital's city-level pool. */
  readonly capitalAdmdvs: string;
  /** 2020 census population, 万人. */
  readonly population10k: number;
}

export const PROVINCES: readonly Province[] = [
  { code: "11", name: "北京", capitalAdmdvs: "110100", population10k: 2189 },
  { code: "12", name: "天津", capitalAdmdvs: "120100", population10k: 1387 },
  { code: "13", name: "河北", capitalAdmdvs: "130100", population10k: 7461 },
  { code: "14", name: "山西", capitalAdmdvs: "140100", population10k: 3492 },
  { code: "15", name: "内蒙古", capitalAdmdvs: "150100", population10k: 2405 },
  { code: "21", name: "辽宁", capitalAdmdvs: "210100", population10k: 4259 },
  { code: "22", name: "吉林", capitalAdmdvs: "220100", population10k: 2407 },
  { code: "23", name: "黑龙江", capitalAdmdvs: "230100", population10k: 3185 },
  { code: "31", name: "上海", capitalAdmdvs: "310100", population10k: 2487 },
  { code: "32", name: "江苏", capitalAdmdvs: "320100", population10k: 8475 },
  { code: "33", name: "浙江", capitalAdmdvs: "330100", population10k: 6457 },
  { code: "34", name: "安徽", capitalAdmdvs: "340100", population10k: 6103 },
  { code: "35", name: "福建", capitalAdmdvs: "350100", population10k: 4154 },
  { code: "36", name: "江西", capitalAdmdvs: "360100", population10k: 4519 },
  { code: "37", name: "山东", capitalAdmdvs: "370100", population10k: 10153 },
  { code: "41", name: "河南", capitalAdmdvs: "410100", population10k: 9937 },
  { code: "42", name: "湖北", capitalAdmdvs: "420100", population10k: 5775 },
  { code: "43", name: "湖南", capitalAdmdvs: "430100", population10k: 6644 },
  { code: "44", name: "广东", capitalAdmdvs: "440100", population10k: 12601 },
  { code: "45", name: "广西", capitalAdmdvs: "450100", population10k: 5013 },
  { code: "46", name: "海南", capitalAdmdvs: "460100", population10k: 1008 },
  { code: "50", name: "重庆", capitalAdmdvs: "500100", population10k: 3205 },
  { code: "51", name: "四川", capitalAdmdvs: "510100", population10k: 8367 },
  { code: "52", name: "贵州", capitalAdmdvs: "520100", population10k: 3856 },
  { code: "53", name: "云南", capitalAdmdvs: "530100", population10k: 4721 },
  { code: "54", name: "西藏", capitalAdmdvs: "540100", population10k: 365 },
  { code: "61", name: "陕西", capitalAdmdvs: "610100", population10k: 3953 },
  { code: "62", name: "甘肃", capitalAdmdvs: "620100", population10k: 2502 },
  { code: "63", name: "青海", capitalAdmdvs: "630100", population10k: 592 },
  { code: "64", name: "宁夏", capitalAdmdvs: "640100", population10k: 720 },
  { code: "65", name: "新疆", capitalAdmdvs: "650100", population10k: 2585 },
];

const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}
