// The claim path's performance targets (issue #12), printed beside the figures the bench measures.

export const CLAIM_PATH_TARGETS = {
  /** Answered claims per second at saturation, standard mix. */
  saturationPerSec: 1_000,
  /** CPU per claim, all processes, in bare grpc-js echo calls measured in the same run. */
  echoCallsPerClaim: 6,
  /** The hub's CPU per claim over its own pipeline skeleton's (`hub` design). */
  hubOverSkeletonCpu: 1.5,
  /** nats-server messages per settled claim, each way. */
  natsMessagesPerClaim: 10,
  /** p99 submit → answer in the open loop, at this rate. */
  p99Ms: 50,
  p99AtPerSec: 500,
} as const;
