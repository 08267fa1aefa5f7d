export { startDemoTraffic } from "./demo/demo-traffic.js";
export type { DemoTrafficOptions } from "./demo/demo-traffic.js";
export { startSimulatedPlatforms, createSimulatedAdjudicator } from "./simulator/simulated-platforms.js";
export type { SimulatedPlatforms, SimulatedPlatformsOptions } from "./simulator/simulated-platforms.js";
export { ProvinceLinkClient } from "./simulator/province-link-client.js";
export type { ProvinceLinkClientOptions, PlatformReply } from "./simulator/province-link-client.js";
export { buildNhsaSettleMessage } from "./claims/claim-factory.js";
export type { ClaimSpec } from "./claims/claim-factory.js";
