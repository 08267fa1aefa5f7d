export { createAuditor } from "./auditor.js";
export type { Auditor } from "./auditor.js";
export { resolveAuditorConfig } from "./config/config.js";
export type { AuditorConfig, AuditorOptions } from "./config/config.js";
