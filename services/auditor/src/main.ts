import { runService } from "@tongxing/runtime";
import { createLogger, startNodeTelemetry } from "@tongxing/telemetry";
import { auditorOptionsFromEnv } from "./config/config.js";
import { readAuditorEnv } from "./config/env.js";
import { createAuditor } from "./auditor.js";

const env = readAuditorEnv();
const log = createLogger({ service: "auditor", level: env.LOG_LEVEL ?? "info" });
// The OpenTelemetry Node SDK, configured by the standard OTEL_* variables (docs/observability.md);
// the service's spans go to it when it exports. Stopped by the service's stop (tracing.shutdown).
startNodeTelemetry({ service: "auditor", env: process.env });
runService({ name: "auditor", service: createAuditor(auditorOptionsFromEnv(env), log), log });
