/** Where a service's metrics endpoint listens. */
export interface MetricsAddress {
  readonly host: string;
  /** 0 picks a free port (logged at start). */
  readonly port: number;
}

/** Default: loopback, any free port. Production sets METRICS_ADDRESS (e.g. 0.0.0.0:9464). */
export const DEFAULT_METRICS_ADDRESS = "127.0.0.1:0";

/** Parses METRICS_ADDRESS-style "host:port"; throws at start-up on anything else. */
export function parseMetricsAddress(text: string): MetricsAddress {
  const m = /^(\S+):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (m?.[1] === undefined || !Number.isInteger(port) || port > 65_535) {
    throw new Error(`metrics address must be host:port, got "${text}"`);
  }
  return { host: m[1].replace(/^\[(.*)\]$/, "$1"), port };
}
