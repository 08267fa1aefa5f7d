/** The only place the auditor reads process.env. */
export interface AuditorEnv {
  readonly NATS_URL?: string;
  readonly AUDITOR_CONCURRENCY?: string;
  readonly LOG_LEVEL?: string;
  readonly AUDIT_CHAIN_HASH?: string;
  readonly REGULATOR_API_ADDRESS?: string;
}

export function readAuditorEnv(env: NodeJS.ProcessEnv = process.env): AuditorEnv {
  return { NATS_URL: env.NATS_URL, AUDITOR_CONCURRENCY: env.AUDITOR_CONCURRENCY, LOG_LEVEL: env.LOG_LEVEL, AUDIT_CHAIN_HASH: env.AUDIT_CHAIN_HASH, REGULATOR_API_ADDRESS: env.REGULATOR_API_ADDRESS };
}
