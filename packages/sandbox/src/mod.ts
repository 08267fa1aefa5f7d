export { bootstrapNats } from "./nats-bootstrap.js";
export type { BootstrapNatsOptions } from "./nats-bootstrap.js";
export { launchService } from "./service-launcher.js";
export type { LaunchedService, LaunchServiceOptions } from "./service-launcher.js";
