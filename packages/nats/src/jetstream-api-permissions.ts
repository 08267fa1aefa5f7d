/**
 * Subject patterns of JetStream's API (nats-server 2.9), grouped by what a service does with a
 * stream: each call is a request on `$JS.API.<verb>.<stream>[…]`, so a NATS publish permission
 * on these subjects is a permission on the operation. KV bucket `b` is the stream `KV_b`.
 */

const API = "$JS.API";

/** The stream behind a KV bucket. */
export const kvStream = (bucket: string): string => `KV_${bucket}`;

/** Account info (every JetStream client asks once). */
export const ACCOUNT_INFO = `${API}.INFO`;

/**
 * Create a stream of this name (creating one that exists with the same configuration changes
 * nothing; with another configuration the server refuses) and read its configuration and state.
 */
export const streamEnsure = (stream: string): string[] => [`${API}.STREAM.CREATE.${stream}`, `${API}.STREAM.INFO.${stream}`];

/** Change a stream's configuration (retention, append-only hardening). */
export const streamUpdate = (stream: string): string => `${API}.STREAM.UPDATE.${stream}`;

/** Read single messages: by sequence or last by subject (`STREAM.MSG.GET`, and `DIRECT.GET` where the stream allows it). */
export const streamMessageReads = (stream: string): string[] => [`${API}.STREAM.MSG.GET.${stream}`, `${API}.DIRECT.GET.${stream}`, `${API}.DIRECT.GET.${stream}.>`];

/** Remove single messages (a work-queue message moved to the dead letters). */
export const streamMessageDelete = (stream: string): string => `${API}.STREAM.MSG.DELETE.${stream}`;

/**
 * Ordered (ephemeral) consumers on a stream: KV watches and key listings, reading a window of the
 * ledger or the chain. Any name may be created, looked at, pulled from and deleted, so a stream
 * granted this way must have no durable consumer of another service.
 */
export const orderedConsumers = (stream: string): string[] => [
  `${API}.CONSUMER.CREATE.${stream}.>`,
  `${API}.CONSUMER.INFO.${stream}.*`,
  `${API}.CONSUMER.MSG.NEXT.${stream}.*`,
  `${API}.CONSUMER.DELETE.${stream}.*`,
  `$JS.FC.${stream}.>`,
];

/**
 * A durable pull consumer with one filter subject: created or updated only with that filter
 * (nats.js sends the filter in the subject, `CONSUMER.CREATE.<stream>.<name>.<filter>`, and the
 * server checks it against the configuration), read, pulled from and acked. `name` may be `*`
 * for per-platform consumers (`link-32`): a subject token has no partial wildcard, so the filter
 * pattern is what tells them apart.
 */
export const durableConsumer = (stream: string, name: string, filter: string): string[] => [
  `${API}.CONSUMER.CREATE.${stream}.${name}.${filter}`,
  `${API}.CONSUMER.INFO.${stream}.${name}`,
  `${API}.CONSUMER.MSG.NEXT.${stream}.${name}`,
  `$JS.ACK.${stream}.${name}.>`,
];

/** List a stream's consumers and look at each one's state (the router's sweep of stranded messages). */
export const consumerListing = (stream: string): string[] => [`${API}.CONSUMER.LIST.${stream}`, `${API}.CONSUMER.NAMES.${stream}`, `${API}.CONSUMER.INFO.${stream}.*`];

/** Look at a consumer's state (the console's per-platform backlog tiles). */
export const consumerInfo = (stream: string, name: string): string => `${API}.CONSUMER.INFO.${stream}.${name}`;

/** Read a KV bucket: get (last by subject), list keys and watch (ordered consumers). */
export const kvReads = (bucket: string): string[] => [...streamMessageReads(kvStream(bucket)), ...orderedConsumers(kvStream(bucket))];

/** Write a KV bucket: a put, create, update, delete or purge is a publish on `$KV.<bucket>.<key>`. */
export const kvWrites = (bucket: string): string => `$KV.${bucket}.>`;
