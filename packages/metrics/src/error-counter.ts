import { Counter, type Registry } from "prom-client";

/** What went wrong, as the `kind` label of `tongxing_errors_total`: a closed set. */
export const ErrorKind = {
  /** A stream handler threw; the message is retried. */
  HANDLER_FAILED: "handler_failed",
  /** A message could not be decoded and went to DEADLETTER. */
  UNDECODABLE: "undecodable",
  /** An RPC was answered with a server-side failure (INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED…). */
  RPC_FAILED: "rpc_failed",
  /** A platform's reply could not be passed on to the auditor (the platform is asked to resend). */
  LINK_PUBLISH_FAILED: "link_publish_failed",
  /** The claim record kept changing underneath the auditor; the decision is retried. */
  RECORD_CONTENDED: "record_contended",
  /** An adjudication that did not come from the link of the claim's insured platform was refused. */
  FOREIGN_ADJUDICATION: "foreign_adjudication",
  /** The platform backlog probe failed (the gauges keep their last values). */
  BACKLOG_PROBE_FAILED: "backlog_probe_failed",
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

/** `tongxing_errors_total{service, kind}` in a service's registry; returns the one-line helper. */
export function createErrorCounter(registry: Registry, service: string): (kind: ErrorKind) => void {
  const errors = new Counter({
    name: "tongxing_errors_total",
    help: "Errors by service and kind",
    labelNames: ["service", "kind"] as const,
    registers: [registry],
  });
  for (const kind of Object.values(ErrorKind)) errors.labels(service, kind).inc(0);
  return (kind) => errors.labels(service, kind).inc();
}
