import { ChainHash } from "@tongxing/proto";
import type { AuditorEnv } from "./env.js";

/** Auditor options as callers give them. */
export interface AuditorOptions {
  /** NATS server URL(s), comma-separated. Default nats://127.0.0.1:4222. */
  readonly natsUrl?: string;
  /** Adjudications checked at once. Default 256. */
  readonly concurrency?: number;
  readonly logLevel?: string;
  /** Hash of the audit chain: "sm3" (default) or "sha256". */
  readonly chainHash?: "sm3" | "sha256";
  /** host:port of the regulators' HTTP API. Default 127.0.0.1:8081; port 0 picks a free one. */
  readonly regulatorApiAddress?: string;
}

/** Fully resolved auditor configuration. */
export interface AuditorConfig {
  readonly natsUrl: string;
  readonly concurrency: number;
  readonly logLevel: string;
  readonly chainHash: ChainHash;
  readonly regulatorApi: { readonly host: string; readonly port: number };
}

export function resolveAuditorConfig(options: AuditorOptions): AuditorConfig {
  const concurrency = options.concurrency ?? 256;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
    throw new Error(`auditor concurrency must be an integer in 1..10000, got ${concurrency}`);
  }
  const chainHash = options.chainHash === "sha256" ? ChainHash.SHA256 : ChainHash.SM3;
  const api = options.regulatorApiAddress ?? "127.0.0.1:8081";
  const m = /^(.+):(\d{1,5})$/.exec(api);
  if (m?.[1] === undefined || m[2] === undefined) throw new Error(`regulatorApiAddress must be host:port, got "${api}"`);
  return { natsUrl: options.natsUrl ?? "nats://127.0.0.1:4222", concurrency, logLevel: options.logLevel ?? "info", chainHash, regulatorApi: { host: m[1], port: Number(m[2]) } };
}

export function auditorOptionsFromEnv(env: AuditorEnv): AuditorOptions {
  return {
    ...(env.NATS_URL === undefined ? {} : { natsUrl: env.NATS_URL }),
    ...(env.AUDITOR_CONCURRENCY === undefined ? {} : { concurrency: Number(env.AUDITOR_CONCURRENCY) }),
    ...(env.LOG_LEVEL === undefined ? {} : { logLevel: env.LOG_LEVEL }),
    ...(env.AUDIT_CHAIN_HASH === undefined ? {} : { chainHash: chainHashOf(env.AUDIT_CHAIN_HASH) }),
    ...(env.REGULATOR_API_ADDRESS === undefined ? {} : { regulatorApiAddress: env.REGULATOR_API_ADDRESS }),
  };
}

function chainHashOf(text: string): "sm3" | "sha256" {
  if (text !== "sm3" && text !== "sha256") throw new Error(`AUDIT_CHAIN_HASH must be "sm3" or "sha256", got "${text}"`);
  return text;
}
