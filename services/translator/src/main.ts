import { runService } from "@tongxing/runtime";
import { createLogger } from "@tongxing/telemetry";
import { translatorOptionsFromEnv } from "./config/config.js";
import { readTranslatorEnv } from "./config/env.js";
import { createTranslator } from "./translator.js";

const env = readTranslatorEnv();
const log = createLogger({ service: "translator", level: env.LOG_LEVEL ?? "info" });
runService({ name: "translator", service: createTranslator(translatorOptionsFromEnv(env), log), log });
