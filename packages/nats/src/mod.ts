export { connectNats } from "./connect.js";
export { natsAuthFromEnv, natsAuthOptionsFromEnv, resolveNatsAuth } from "./nats-auth.js";
export type { NatsAuth, NatsAuthOptions } from "./nats-auth.js";
export { hubServiceUsers, natsPasswordVariable, natsPermissionsConfig, renderNatsAccount, renderNatsAuthorization } from "./service-users.js";
export type { NatsUser } from "./service-users.js";
export { mayUpdateStream, serviceInboxPrefix, SERVICE_PERMISSIONS, STREAM_UPDATERS } from "./service-permissions.js";
export type { HubServiceUser, SubjectPermissions, UserPermissions } from "./service-permissions.js";
export type { ConnectNatsOptions } from "./connect.js";
export { installSettledRequestCancel } from "./settled-request-cancel.js";
export {
  ensureTopology,
  ensureDurableConsumer,
  durableRetryPolicy,
  checkReplicas,
  DUPLICATE_WINDOW_MS,
  MAX_MSG_BYTES,
} from "./ensure-topology.js";
export type { TopologyOptions, DurableConsumerOptions } from "./ensure-topology.js";
export { Streams, Subjects, Consumers, QueueGroups, HUB_PLATFORM, AdjudicationOutcomes, Buckets, Headers, MsgIds, DeadLetterReasons, Advisories, isSubjectToken, settlementIndexKey, heldIndexKey, encounterIndexKey, msgidIndexKey, preSettlementKey } from "./topology.js";
export {
  startNatsServer,
  findNatsServerBinary,
  NatsServerMissingError,
} from "./nats-server-process.js";
export type { NatsServerProcess, NatsServerProcessOptions } from "./nats-server-process.js";
export { startNatsCluster, waitForJetStreamCluster, freeTcpPort } from "./nats-cluster-process.js";
export type { NatsClusterOptions, NatsClusterProcess } from "./nats-cluster-process.js";
export { Outcome } from "./message-outcome.js";
export type { MessageOutcome } from "./message-outcome.js";
export { startMessagePump } from "./message-pump.js";
export type { DeadLetterReason, AdjudicationOutcome } from "./topology.js";
export { HOP_RETRY_POLICY, LINK_MAX_DELIVER, checkRetryPolicy, retryDelayMs, retryPolicyFromAckWait } from "./retry-policy.js";
export type { RetryPolicy } from "./retry-policy.js";
export { publishDeadLetter } from "./dead-letter.js";
export type { DeadLetterSource } from "./dead-letter.js";
export { startDeadLetterSweeper } from "./dead-letter-sweeper.js";
export type { DeadLetterSweeper, DeadLetterSweeperOptions } from "./dead-letter-sweeper.js";
export { startStrandedMessageSweep } from "./stranded-message-sweep.js";
export type { StrandedMessageSweep, StrandedMessageSweepOptions } from "./stranded-message-sweep.js";
export type { MessagePump, MessagePumpOptions } from "./message-pump.js";
export { isNatsUnavailableError, NATS_RETRY_AFTER_MS, NatsDisconnectedError } from "./nats-unavailable.js";
