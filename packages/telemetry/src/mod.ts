export { createLogger } from "./logger.js";
export type { Logger, CreateLoggerOptions } from "./logger.js";
export { maskIdNumber, maskName } from "./mask.js";
export { newTraceId } from "./trace-id.js";
