import { status as GrpcStatus } from "@grpc/grpc-js";

/** gRPC codes the gateway answers with on purpose (everything else is INTERNAL). */
export const HubErrorCode = {
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  UNAUTHENTICATED: GrpcStatus.UNAUTHENTICATED,
  PERMISSION_DENIED: GrpcStatus.PERMISSION_DENIED,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
} as const;
export type HubErrorCode = (typeof HubErrorCode)[keyof typeof HubErrorCode];

/** An error the gateway answers with a specific gRPC status and a message safe to show. */
export class HubError extends Error {
  override readonly name = "HubError";
  constructor(
    readonly code: HubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
