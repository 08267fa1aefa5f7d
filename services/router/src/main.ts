import { runService } from "@tongxing/runtime";
import { createLogger, startNodeTelemetry } from "@tongxing/telemetry";
import { routerOptionsFromEnv } from "./config/config.js";
import { readRouterEnv } from "./config/env.js";
import { createRouter } from "./router.js";

const env = readRouterEnv();
const log = createLogger({ service: "router", level: env.LOG_LEVEL ?? "info" });
// The OpenTelemetry Node SDK, configured by the standard OTEL_* variables (docs/observability.md);
// the service's spans go to it when it exports. Stopped by the service's stop (tracing.shutdown).
startNodeTelemetry({ service: "router", env: process.env });
runService({ name: "router", service: createRouter(routerOptionsFromEnv(env), log), log });
