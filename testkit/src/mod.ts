export { containerNatsUnavailableReason, startTestNats, TEST_NATS_IMAGE, TEST_NATS_MODE_VAR } from "./test-nats.js";
export type { TestNats } from "./test-nats.js";
export { startServiceProcess } from "./service-process.js";
export type { ServiceProcess } from "./service-process.js";
export { startTestHub } from "./test-hub.js";
export type { TestHub, TestHubOptions, ServiceName } from "./test-hub.js";
export { createGatewayClient } from "./gateway-client.js";
export type { GatewayClient } from "./gateway-client.js";
export { freePort } from "./free-port.js";
