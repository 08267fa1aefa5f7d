export { createTranslator } from "./translator.js";
export type { Translator } from "./translator.js";
export { resolveTranslatorConfig } from "./config/config.js";
export type { CallerIdentityConfig, TranslatorConfig, TranslatorOptions, TranslatorTlsOptions } from "./config/config.js";
export { PLATFORM_HEADER } from "./grpc/caller-platform.js";
export { DEFAULT_PLATFORM_LIMITS } from "./grpc/platform-limits-interceptor.js";
export type { PlatformLimits } from "./grpc/platform-limits-interceptor.js";
