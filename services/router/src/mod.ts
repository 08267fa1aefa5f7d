export { createRouter } from "./router.js";
export type { Router } from "./router.js";
export { resolveRouterConfig } from "./config/config.js";
export type { RouterConfig, RouterOptions } from "./config/config.js";
export { HUB_PLATFORM } from "./answer-refused.js";
