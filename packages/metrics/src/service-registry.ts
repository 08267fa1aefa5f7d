import { Registry, collectDefaultMetrics } from "prom-client";

/**
 * A service's own registry with prom-client's default process metrics (CPU, memory, event-loop
 * lag, GC). Not the global registry: the test hub runs three services in one process, and each
 * serves only its own instruments.
 */
export function createServiceRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
