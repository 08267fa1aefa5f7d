import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { CONSOLE_BUCKET } from "./console-bucket.js";

/** Opens the console's bucket, creating it when absent (idempotent, safe from several processes). */
export function openConsoleBucket(nc: NatsConnection, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(CONSOLE_BUCKET, { history: 1, replicas });
}
