import { createLogger } from "@tongxing/telemetry";
import { routerOptionsFromEnv } from "./config/config.js";
import { readRouterEnv } from "./config/env.js";
import { createRouter } from "./router.js";

const env = readRouterEnv();
const log = createLogger({ service: "router", level: env.LOG_LEVEL ?? "info" });
const router = createRouter(routerOptionsFromEnv(env), log);

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, "shutting down");
  const force = setTimeout(() => {
    log.error("shutdown took too long; exiting");
    process.exit(1);
  }, 10_000);
  force.unref();
  await router.stop();
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

router.start().catch((err: unknown) => {
  log.fatal({ err }, "router failed to start");
  process.exitCode = 1;
  void router.stop();
});
