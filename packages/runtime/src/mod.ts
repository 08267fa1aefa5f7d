export { runService } from "./run-service.js";
export type { RunServiceOptions, Startable } from "./run-service.js";
