import { create, toJson } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServerDuplexStream } from "@grpc/grpc-js";
import { ConnectRequestSchema, ConnectResponseSchema, type ConnectRequest, type ConnectResponse } from "@tongxing/proto";
import { FrameQueue } from "./frame-queue.js";
import type { PeerIdentity } from "./kit-credentials.js";
import { FrameDirection, type Transcript } from "./transcript.js";

/** Thrown when the platform's stream ended while the kit waited for a frame. */
export class LinkClosedError extends Error {
  override readonly name = "LinkClosedError";
}

type Inbound = { readonly request: ConnectRequest } | { readonly closed: string };

/** One ProvinceLink.Connect stream from the platform, as the kit (playing the hub) sees it. */
export class LinkConnection {
  readonly #inbox = new FrameQueue<Inbound>();
  #closed: string | undefined;

  constructor(
    private readonly call: ServerDuplexStream<ConnectRequest, ConnectResponse>,
    readonly identity: PeerIdentity,
    private readonly transcript: Transcript,
  ) {
    call.on("data", (request: ConnectRequest) => {
      this.transcript.add(FrameDirection.PLATFORM_TO_KIT, request.msg.case ?? "empty", toJson(ConnectRequestSchema, request));
      this.#inbox.push({ request });
    });
    const end = (why: string) => () => this.markClosed(why);
    call.on("end", end("platform ended the stream"));
    call.on("cancelled", end("platform cancelled the stream"));
    call.on("error", end("stream error"));
    call.on("close", end("stream closed"));
  }

  /** Why the stream ended, or undefined while it is open. */
  get closed(): string | undefined {
    return this.#closed;
  }

  /** Sends one frame; `summary` replaces the frame in the transcript (an oversized one). */
  send(response: ConnectResponse, summary?: unknown): void {
    this.transcript.add(FrameDirection.KIT_TO_PLATFORM, response.msg.case ?? "empty", summary ?? toJson(ConnectResponseSchema, response));
    if (this.#closed === undefined && this.call.writable) this.call.write(response);
  }

  /** The platform's next frame; FrameTimeoutError after `timeoutMs`, LinkClosedError if the stream ends. */
  async next(timeoutMs: number): Promise<ConnectRequest> {
    const item = await this.#inbox.next(timeoutMs);
    if ("closed" in item) {
      this.#inbox.push(item);
      throw new LinkClosedError(item.closed);
    }
    return item.request;
  }

  /** Cuts the stream from the hub's side with UNAVAILABLE, as a hub instance going away. */
  cut(reason: string): void {
    this.transcript.add(FrameDirection.EVENT, "stream-cut", { code: "UNAVAILABLE", reason });
    if (this.#closed === undefined && !this.call.destroyed) {
      this.call.emit("error", { code: GrpcStatus.UNAVAILABLE, details: reason });
    }
    this.markClosed(`cut by the kit: ${reason}`);
  }

  /** Ends the stream with UNAUTHENTICATED naming the rule, as the hub refuses a reply it cannot trust. */
  refuse(details: string): void {
    this.transcript.add(FrameDirection.EVENT, "stream-refused", { code: "UNAUTHENTICATED", details });
    if (this.#closed === undefined && !this.call.destroyed) {
      this.call.emit("error", { code: GrpcStatus.UNAUTHENTICATED, details });
    }
    this.markClosed(`refused by the kit: ${details}`);
  }

  /** Sends Welcome after the platform's Hello. */
  welcome(maxInFlight: number): void {
    this.send(create(ConnectResponseSchema, { msg: { case: "welcome", value: { platform: this.identity.platform, maxInFlight } } }));
  }

  private markClosed(why: string): void {
    if (this.#closed !== undefined) return;
    this.#closed = why;
    this.transcript.add(FrameDirection.EVENT, "stream-ended", { why });
    this.#inbox.push({ closed: why });
  }
}
