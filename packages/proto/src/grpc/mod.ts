export { encodedMessage, receivedBytesOf, toGrpcServiceDefinition } from "./service-definition.js";
export { createGrpcClient, callUnary, openBidi } from "./client.js";
export type { GrpcClientOptions, UnaryCallOptions } from "./client.js";
export { invalidArgumentError, badRequestOf, retryDelayMsOf, RETRY_PUSHBACK_KEY, STATUS_DETAILS_KEY, unavailableError } from "./status-details.js";
export type { GrpcFieldViolation } from "./status-details.js";
export { resourceExhaustedMetadata } from "./retry-info.js";
