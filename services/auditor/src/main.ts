import { runService } from "@tongxing/runtime";
import { createLogger } from "@tongxing/telemetry";
import { auditorOptionsFromEnv } from "./config/config.js";
import { readAuditorEnv } from "./config/env.js";
import { createAuditor } from "./auditor.js";

const env = readAuditorEnv();
const log = createLogger({ service: "auditor", level: env.LOG_LEVEL ?? "info" });
runService({ name: "auditor", service: createAuditor(auditorOptionsFromEnv(env), log), log });
