export { loadGoldenVectors, vectorDialects, VECTORS_ROOT } from "./golden-vectors.js";
export type { GoldenVector } from "./golden-vectors.js";
export { checkVector } from "./check-vector.js";
export { fuzzDialect } from "./fuzz/fuzz-dialect.js";
export type { FuzzOptions, FuzzStats } from "./fuzz/fuzz-dialect.js";
export { mutate } from "./fuzz/mutate.js";
