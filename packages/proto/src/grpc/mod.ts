export { encodedMessage, toGrpcServiceDefinition } from "./service-definition.js";
export { createGrpcClient, callUnary, openBidi } from "./client.js";
export type { GrpcClientOptions, UnaryCallOptions } from "./client.js";
export { invalidArgumentError, badRequestOf, STATUS_DETAILS_KEY } from "./status-details.js";
export type { GrpcFieldViolation } from "./status-details.js";
export { resourceExhaustedMetadata, retryDelayMsOf } from "./retry-info.js";
