import { ClosedConnectionError, ConnectionError, DrainingConnectionError, NoRespondersError, RequestError, TimeoutError } from "@nats-io/nats-core";

/**
 * How long a caller should wait before resending after NATS was unavailable: a reconnect takes
 * about a quarter second, a JetStream leader election a few seconds.
 */
export const NATS_RETRY_AFTER_MS = 2_000;

/**
 * Refusing work at once because the connection to NATS is down (disconnected and reconnecting,
 * draining or closed), rather than waiting for a request's timeout.
 */
export class NatsDisconnectedError extends Error {
  override readonly name = "NatsDisconnectedError";
}

/**
 * Whether an error means NATS / JetStream could not be reached or did not answer (a server down,
 * a connection reconnecting or closed, no JetStream leader), as opposed to a refusal: the
 * operation may be resent as it was (every hub write is idempotent). Follows `cause` chains.
 */
export function isNatsUnavailableError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (
      e instanceof TimeoutError ||
      e instanceof NoRespondersError ||
      e instanceof ClosedConnectionError ||
      e instanceof DrainingConnectionError ||
      e instanceof ConnectionError ||
      e instanceof RequestError ||
      e instanceof NatsDisconnectedError ||
      // @nats-io/jetstream does not export this class from its public entry; its name is stable.
      e.name === "JetStreamNotEnabled"
    ) {
      return true;
    }
  }
  return false;
}
