// The skeleton's translator: per settle call one KV create (the record) and one CLAIMS publish,
// then an answer when the result arrives on the core subscription to SETTLEMENTS; per link, a
// durable consumer of the platform's deliveries pushed down the stream, and per adjudication that
// comes back one ADJUDICATIONS publish and the delivery's ack. As the hub's translator does.
// In the link-only design it only passes each call down a link and answers with the reply.
import { Server, ServerCredentials, type sendUnaryData, type ServerDuplexStream, type ServerUnaryCall } from "@grpc/grpc-js";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { frame, frameId, hubLikeHeaders, SKELETON_PREFIX, SkeletonHeaders, SkeletonStreams, SkeletonSubjects, type SkeletonSizes, type SkeletonVariant } from "./skeleton-layout.js";
import { PLATFORM_METADATA, SKELETON_SERVICE } from "./skeleton-service.js";

/** Options for {@link startSkeletonEdge}. */
export interface SkeletonEdgeOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly kv: KV;
  readonly platforms: readonly string[];
  readonly sizes: SkeletonSizes;
  /** Deliveries on a link not yet answered, at most (the hub's default link window). */
  readonly window: number;
  readonly variant: SkeletonVariant;
}

/** The insured province a claim goes to: spread over the platforms by its id. */
function platformOf(claimId: string, platforms: readonly string[]): string {
  let h = 0;
  for (let i = 0; i < claimId.length; i++) h = (h * 31 + claimId.charCodeAt(i)) >>> 0;
  return platforms[h % platforms.length] as string;
}

/** Starts the edge on 127.0.0.1:`port` (0: any); resolves with the bound port and a stop. */
export async function startSkeletonEdge(options: SkeletonEdgeOptions, port = 0): Promise<{ port: number; stop: () => Promise<void> }> {
  const { nc, js, kv, sizes } = options;
  const waiting = new Map<string, () => void>();
  const answer = (_err: unknown, m: { headers?: { get(k: string): string } }) => {
    const id = m.headers?.get(SkeletonHeaders.CLAIM_ID) ?? "";
    waiting.get(id)?.();
    waiting.delete(id);
  };
  // Answers come as SETTLEMENTS messages, or (lean) as core messages outside every stream.
  const results = nc.subscribe(options.variant === "lean" ? `${SKELETON_PREFIX}.answers.>` : `${SKELETON_PREFIX}.settlements.>`, { callback: answer });

  // The link-only design: the platforms' open links, and calls waiting for a link to open.
  const links = new Map<string, ServerDuplexStream<Buffer, Buffer>>();
  const linkWaiters = new Map<string, (() => void)[]>();
  async function linkOf(platform: string): Promise<ServerDuplexStream<Buffer, Buffer>> {
    if (!links.has(platform)) {
      // A call may come before its platform's link does (the first calls of a run): wait up to 10 s.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        linkWaiters.set(platform, [...(linkWaiters.get(platform) ?? []), () => (clearTimeout(timer), resolve())]);
      });
    }
    const open = links.get(platform);
    if (open === undefined) throw new Error(`platform ${platform} has no link open`);
    return open;
  }

  async function settle(call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>): Promise<void> {
    const claimId = frameId(call.request);
    if (options.variant === "link-only") {
      // Straight down the insured platform's link; answered with its reply. Nothing stored.
      const stream = await linkOf(platformOf(claimId, options.platforms));
      const replied = new Promise<void>((resolve) => waiting.set(claimId, resolve));
      stream.write(frame(claimId, sizes.claim + 100));
      await replied;
      cb(null, frame(claimId, sizes.response));
      return;
    }
    const submitter = String(call.metadata.get(PLATFORM_METADATA)[0] ?? "");
    // The accept-and-answer design waits for nothing after the PubAck.
    const answered = options.variant === "edge-only" ? undefined : new Promise<void>((resolve) => waiting.set(claimId, resolve));
    const revision = await kv.create(`rec.${claimId}`, frame(claimId, sizes.claim + 150));
    const h = hubLikeHeaders(claimId, { [SkeletonHeaders.REVISION]: String(revision), [SkeletonHeaders.SUBMITTER]: submitter });
    const platform = platformOf(claimId, options.platforms);
    if (options.variant === "direct" || options.variant === "lean") {
      await js.publish(SkeletonSubjects.delivery(platform), frame(claimId, sizes.claim + 120), { msgID: `${claimId}:routed`, headers: h });
    } else {
      await js.publish(SkeletonSubjects.claims(platform), frame(claimId, sizes.claim + 100), { msgID: `${claimId}:received`, headers: h });
    }
    await answered;
    cb(null, frame(claimId, sizes.response));
  }

  async function link(stream: ServerDuplexStream<Buffer, Buffer>): Promise<void> {
    const platform = String(stream.metadata.get(PLATFORM_METADATA)[0] ?? "");
    if (options.variant === "link-only") return directLink(platform, stream);
    const pending = new Map<string, JsMsg>();
    let freed: (() => void) | undefined;
    const deliveries = await (await js.consumers.get(SkeletonStreams.DELIVERY, `link-${platform}`)).consume({ max_messages: options.window });
    // The link's results consumer, idle for answered claims, polls as the hub's does.
    const pushed = await (await js.consumers.get(SkeletonStreams.SETTLEMENTS, `results-${platform}`)).consume({ max_messages: options.window });
    void (async () => {
      for await (const m of pushed) m.ack();
    })();
    stream.on("data", (adjudication: Buffer) => {
      const claimId = frameId(adjudication);
      const delivery = pending.get(claimId);
      if (delivery === undefined) return;
      pending.delete(claimId);
      const h = hubLikeHeaders(claimId, {
        [SkeletonHeaders.REVISION]: delivery.headers?.get(SkeletonHeaders.REVISION) ?? "",
        [SkeletonHeaders.SUBMITTER]: delivery.headers?.get(SkeletonHeaders.SUBMITTER) ?? "",
      });
      // Lean: the auditor by core request; the delivery stays unacked until it says "stored".
      const handedOn =
        options.variant === "lean"
          ? nc.request(SkeletonSubjects.audit, frame(claimId, sizes.claim + 400), { timeout: 10_000, headers: h })
          : js.publish(SkeletonSubjects.adjudications(platform), frame(claimId, sizes.claim + 400), { msgID: `${claimId}:adjudicated`, headers: h });
      void handedOn.then(() => delivery.ack(), () => delivery.nak(1_000));
      freed?.();
      freed = undefined;
    });
    const closed = () => {
      deliveries.stop();
      pushed.stop();
      freed?.();
    };
    stream.once("end", () => {
      closed();
      stream.end();
    });
    stream.once("error", closed);
    for await (const m of deliveries) {
      while (pending.size >= options.window) await new Promise<void>((r) => (freed = r));
      const claimId = m.headers?.get(SkeletonHeaders.CLAIM_ID) ?? "";
      pending.set(claimId, m);
      stream.write(frame(claimId, sizes.claim + 100));
    }
  }

  /** A link of the link-only design: replies answer their calls; no consumer behind it. */
  function directLink(platform: string, stream: ServerDuplexStream<Buffer, Buffer>): void {
    links.set(platform, stream);
    for (const wake of linkWaiters.get(platform) ?? []) wake();
    linkWaiters.delete(platform);
    stream.on("data", (adjudication: Buffer) => {
      const claimId = frameId(adjudication);
      waiting.get(claimId)?.();
      waiting.delete(claimId);
    });
    const closed = () => {
      if (links.get(platform) === stream) links.delete(platform);
    };
    stream.once("end", () => {
      closed();
      stream.end();
    });
    stream.once("error", closed);
  }

  const server = new Server({ "grpc.max_receive_message_length": 16 * 1024 * 1024 });
  server.addService(SKELETON_SERVICE, {
    settle: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => {
      settle(call, cb).catch((err: unknown) => cb({ code: 14, details: err instanceof Error ? err.message : String(err) }));
    },
    link: (stream: ServerDuplexStream<Buffer, Buffer>) => {
      link(stream).catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port: bound,
    async stop() {
      results.unsubscribe();
      server.forceShutdown();
    },
  };
}
