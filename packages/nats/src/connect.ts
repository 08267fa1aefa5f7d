import { connect } from "@nats-io/transport-node";
import { nkeyAuthenticator, type NatsConnection } from "@nats-io/nats-core";
import { serviceInboxPrefix } from "./service-permissions.js";
import { installSettledRequestCancel } from "./settled-request-cancel.js";

/** Options for {@link connectNats}. */
export interface ConnectNatsOptions {
  /** One URL or a comma-separated list (a cluster). */
  readonly servers: string;
  /** Connection name shown in the server's monitoring (service name + pid). */
  readonly name: string;
  /**
   * The service's own NATS user and password; absent: connect without credentials. With a user,
   * replies and deliveries come to that user's own inbox prefix (the only one it may subscribe to).
   */
  readonly user?: string;
  readonly pass?: string;
  /** The user's nkey seed (`SU…`): proves the user with an nkey instead of a password. */
  readonly nkeySeed?: string;
}

/**
 * Connects with reconnects forever: a service keeps running through a server restart and
 * resumes where it was, since all state is in JetStream.
 */
export function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  // No dead RequestError per successful request (see settled-request-cancel.ts).
  installSettledRequestCancel();
  return connect({
    servers: options.servers.split(",").map((s) => s.trim()).filter((s) => s !== ""),
    name: options.name,
    ...(options.user === undefined ? {} : { inboxPrefix: serviceInboxPrefix(options.user) }),
    ...(options.nkeySeed !== undefined ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(options.nkeySeed)) } : options.user === undefined ? {} : { user: options.user, pass: options.pass ?? "" }),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 10_000,
    // No stack capture per request: it costs a few percent of CPU on every publish, and the
    // hub's errors are logged with their own context.
    noAsyncTraces: true,
  });
}
