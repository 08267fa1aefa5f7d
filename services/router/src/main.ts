import { runService } from "@tongxing/runtime";
import { createLogger } from "@tongxing/telemetry";
import { routerOptionsFromEnv } from "./config/config.js";
import { readRouterEnv } from "./config/env.js";
import { createRouter } from "./router.js";

const env = readRouterEnv();
const log = createLogger({ service: "router", level: env.LOG_LEVEL ?? "info" });
runService({ name: "router", service: createRouter(routerOptionsFromEnv(env), log), log });
