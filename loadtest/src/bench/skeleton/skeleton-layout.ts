// The pipeline skeleton's wire layout: the hub's hops with none of its work. Same streams (work
// queues for the three hops, limits for results and the ledger), same KV operations, same message
// sizes and headers, same gRPC calls and link messages per claim, but opaque bytes: no decoding,
// no rules, no telemetry. What it costs per claim is the floor the hub's process design sets.
import { randomBytes } from "node:crypto";
import { AckPolicy, DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { headers as natsHeaders, nanos, type MsgHdrs, type NatsConnection } from "@nats-io/nats-core";

export const SKELETON_PREFIX = "skel";

export const SkeletonStreams = { CLAIMS: "SKEL_CLAIMS", DELIVERY: "SKEL_DELIVERY", ADJUDICATIONS: "SKEL_ADJUDICATIONS", SETTLEMENTS: "SKEL_SETTLEMENTS", LEDGER: "SKEL_LEDGER" } as const;

export const SkeletonSubjects = {
  claims: (province: string) => `${SKELETON_PREFIX}.claims.${province}`,
  delivery: (platform: string) => `${SKELETON_PREFIX}.delivery.${platform}`,
  adjudications: (platform: string) => `${SKELETON_PREFIX}.adjudications.${platform}`,
  answered: (submitter: string) => `${SKELETON_PREFIX}.settlements.${submitter}.answered`,
  results: (submitter: string) => `${SKELETON_PREFIX}.settlements.${submitter}`,
  ledger: (claimId: string) => `${SKELETON_PREFIX}.ledger.settlement.${claimId}`,
  /** The lean design's core request subject: an adjudication to the auditor, answered once stored. */
  audit: `${SKELETON_PREFIX}.audit`,
  /** The lean design's core subject for an answer to a waiting call (outside every stream). */
  answers: (submitter: string) => `${SKELETON_PREFIX}.answers.${submitter}`,
} as const;

export const SKELETON_BUCKET = "skel_claims";

/** Header names as the hub's (claim id, trace id, W3C trace context), and the record revision. */
export const SkeletonHeaders = { CLAIM_ID: "Tongxing-Claim-Id", TRACE_ID: "Tongxing-Trace-Id", TRACEPARENT: "traceparent", REVISION: "Skel-Record-Revision", SUBMITTER: "Skel-Submitter" } as const;

/** A headers set shaped like the hub's: claim id, trace id and W3C trace context. */
export function hubLikeHeaders(claimId: string, extra: Record<string, string> = {}): MsgHdrs {
  const h = natsHeaders();
  const trace = randomBytes(16).toString("hex");
  h.set(SkeletonHeaders.CLAIM_ID, claimId);
  h.set(SkeletonHeaders.TRACE_ID, trace);
  h.set(SkeletonHeaders.TRACEPARENT, `00-${trace}-${randomBytes(8).toString("hex")}-01`);
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

/** Bytes of each message the skeleton moves; the bench sets them from a real national-mix claim. */
export interface SkeletonSizes {
  /** SettleClaim request (the national-format message). */
  readonly request: number;
  /** SettleClaim response (settlement and its national rendering). */
  readonly response: number;
  /** The canonical claim, which every hop's message carries. */
  readonly claim: number;
}

/**
 * Which process design the skeleton stands for: `hub` (today's: edge → CLAIMS → router →
 * DELIVERY → link → ADJUDICATIONS → auditor → SETTLEMENTS → edge), `direct` (the edge publishes
 * straight to DELIVERY, no router hop), `edge-only` (the edge stores the record, publishes to
 * CLAIMS and answers on the PubAck: the least a durable accept costs, with no routing,
 * adjudication or audit at all), `link-only` (the edge sends the claim down the insured
 * platform's link and answers with its reply: what the mission itself requires per claim, the
 * call and the platform's adjudication, with nothing stored and no JetStream at all), `lean`
 * (docs/design/claim-path.md: the edge stores the record and publishes straight to DELIVERY; the
 * link asks the auditor by core request and acks the delivery on its reply; the auditor reserves
 * the encounter, reads the history, writes the record, the history and the ledger entry (which is
 * also the settlement index), and answers the waiting call by core publish).
 */
export const SKELETON_VARIANTS = ["hub", "direct", "edge-only", "link-only", "lean"] as const;
export type SkeletonVariant = (typeof SKELETON_VARIANTS)[number];

export function parseSkeletonVariant(text: string): SkeletonVariant {
  const v = SKELETON_VARIANTS.find((x) => x === text);
  if (v === undefined) throw new Error(`skeleton variant must be one of ${SKELETON_VARIANTS.join(", ")}, got "${text}"`);
  return v;
}

/** Platforms with a link and a delivery consumer each (the hub: 31, one per province). */
export function platformIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(11 + i));
}

/**
 * A message of `size` bytes that starts with its claim id: [length][id][filler]. The gRPC link
 * carries no headers, so the id rides in the body there, as the claim id does in the hub's.
 */
export function frame(claimId: string, size: number): Buffer {
  const id = Buffer.from(claimId, "utf8");
  if (id.length > 255) throw new Error(`skeleton claim id longer than 255 bytes: ${claimId}`);
  const out = Buffer.alloc(Math.max(size, id.length + 1), 0x5a);
  out[0] = id.length;
  id.copy(out, 1);
  return out;
}

/** The claim id at the start of a {@link frame}. */
export function frameId(bytes: Uint8Array): string {
  const n = bytes[0] ?? 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + 1, n).toString("utf8");
}

/** Creates the skeleton's streams, durable consumers and KV bucket (file storage, as the hub's). */
export async function ensureSkeletonTopology(nc: NatsConnection, jsm: JetStreamManager, platforms: readonly string[]): Promise<void> {
  const common = { storage: StorageType.File, num_replicas: 1, duplicate_window: nanos(120_000) };
  const streams = [
    { name: SkeletonStreams.CLAIMS, subjects: [`${SKELETON_PREFIX}.claims.>`], retention: RetentionPolicy.Workqueue },
    { name: SkeletonStreams.DELIVERY, subjects: [`${SKELETON_PREFIX}.delivery.>`], retention: RetentionPolicy.Workqueue },
    { name: SkeletonStreams.ADJUDICATIONS, subjects: [`${SKELETON_PREFIX}.adjudications.>`], retention: RetentionPolicy.Workqueue },
    { name: SkeletonStreams.SETTLEMENTS, subjects: [`${SKELETON_PREFIX}.settlements.>`], retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old },
    { name: SkeletonStreams.LEDGER, subjects: [`${SKELETON_PREFIX}.ledger.>`], retention: RetentionPolicy.Limits },
  ];
  for (const s of streams) await jsm.streams.add({ ...common, ...s });
  const durable = (name: string, filter?: string) => ({ durable_name: name, ack_policy: AckPolicy.Explicit, max_ack_pending: 1_000, ack_wait: nanos(10_000), ...(filter === undefined ? {} : { filter_subject: filter }) });
  await jsm.consumers.add(SkeletonStreams.CLAIMS, durable("router"));
  await jsm.consumers.add(SkeletonStreams.ADJUDICATIONS, durable("auditor"));
  for (const p of platforms) {
    await jsm.consumers.add(SkeletonStreams.DELIVERY, durable(`link-${p}`, SkeletonSubjects.delivery(p)));
    // As the hub's result consumers: filtered to pushed results, so answered ones pass them by.
    await jsm.consumers.add(SkeletonStreams.SETTLEMENTS, durable(`results-${p}`, SkeletonSubjects.results(p)));
  }
  await new Kvm(nc).create(SKELETON_BUCKET, { history: 1, storage: StorageType.File });
}

/** Removes what {@link ensureSkeletonTopology} made, so the next variant starts from nothing. */
export async function removeSkeletonTopology(nc: NatsConnection, jsm: JetStreamManager): Promise<void> {
  for (const name of Object.values(SkeletonStreams)) await jsm.streams.delete(name).catch(() => false);
  await new Kvm(nc).open(SKELETON_BUCKET).then((kv) => kv.destroy()).catch(() => false);
}
