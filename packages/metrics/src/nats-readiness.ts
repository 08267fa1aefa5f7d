import type { NatsConnection } from "@nats-io/nats-core";

/** Whether a NATS connection is usable now. */
export interface NatsReadiness {
  readonly ready: boolean;
}

/**
 * Follows a connection's status: not ready from a disconnect until the reconnect, nor once it
 * drains or closes. The status loop ends by itself when the connection closes.
 */
export function trackNatsReadiness(nc: NatsConnection): NatsReadiness {
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect") connected = false;
      else if (s.type === "reconnect") connected = true;
    }
  })();
  return {
    get ready() {
      return connected && !nc.isClosed() && !nc.isDraining();
    },
  };
}
