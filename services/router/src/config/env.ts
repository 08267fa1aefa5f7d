/** The only place the router reads process.env. */
export interface RouterEnv {
  readonly NATS_URL?: string;
  readonly ROUTING_SEED?: string;
  readonly ROUTER_CONCURRENCY?: string;
  readonly LOG_LEVEL?: string;
}

export function readRouterEnv(env: NodeJS.ProcessEnv = process.env): RouterEnv {
  return {
    NATS_URL: env.NATS_URL,
    ROUTING_SEED: env.ROUTING_SEED,
    ROUTER_CONCURRENCY: env.ROUTER_CONCURRENCY,
    LOG_LEVEL: env.LOG_LEVEL,
  };
}
