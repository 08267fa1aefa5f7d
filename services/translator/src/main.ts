import { runService } from "@tongxing/runtime";
import { createLogger, startNodeTelemetry } from "@tongxing/telemetry";
import { translatorOptionsFromEnv } from "./config/config.js";
import { readTranslatorEnv } from "./config/env.js";
import { createTranslator } from "./translator.js";

const env = readTranslatorEnv();
const log = createLogger({ service: "translator", level: env.LOG_LEVEL ?? "info" });
// The OpenTelemetry Node SDK, configured by the standard OTEL_* variables (docs/observability.md);
// the service's spans go to it when it exports. Stopped by the service's stop (tracing.shutdown).
startNodeTelemetry({ service: "translator", env: process.env });
runService({ name: "translator", service: createTranslator(translatorOptionsFromEnv(env), log), log });
