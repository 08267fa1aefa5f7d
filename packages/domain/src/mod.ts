export {
  Scale,
  formatFenAsYuan,
  formatScaledDecimal,
  parseScaledDecimal,
  parseYuanToFen,
} from "./decimal-text.js";
export type { DecimalParse, DecimalProblem } from "./decimal-text.js";
export { InvalidInputError, isInvalidInputError } from "./field-violation.js";
export type { FieldViolation } from "./field-violation.js";
export { negateStated, REQUIRED_ADJUDICATION_AMOUNTS, sumStated } from "./stated-amount.js";
export { isAdmdvs, isCrossProvince, provinceOf } from "./admdvs.js";
export { PROVINCES, provinceByCode } from "./provinces.js";
export type { Province } from "./provinces.js";
