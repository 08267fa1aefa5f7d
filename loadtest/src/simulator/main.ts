// The 31 simulated provincial platforms as their own process (for benchmarks and operators):
// GATEWAY_ADDRESS (default 127.0.0.1:50051), SIM_PROVINCES (comma-separated codes; default all),
// SIM_MAX_IN_FLIGHT (default 256).
import { createLogger } from "@tongxing/telemetry";
import { startSimulatedPlatforms } from "./simulated-platforms.js";

const log = createLogger({ service: "simulator", level: process.env.LOG_LEVEL ?? "info" });
const address = process.env.GATEWAY_ADDRESS ?? "127.0.0.1:50051";
const provinces = process.env.SIM_PROVINCES?.split(",").map((s) => s.trim()).filter((s) => s !== "");
const platforms = startSimulatedPlatforms({
  address,
  maxInFlight: Number(process.env.SIM_MAX_IN_FLIGHT ?? 256),
  log,
  ...(provinces === undefined ? {} : { provinces }),
});
log.info({ address, platforms: platforms.clients.size }, "simulated platforms started");
const stop = () => {
  platforms.close();
  log.info("simulated platforms stopped");
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
