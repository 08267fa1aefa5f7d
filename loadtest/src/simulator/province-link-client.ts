import { create } from "@bufbuild/protobuf";
import type { ChannelCredentials, ClientDuplexStream } from "@grpc/grpc-js";
import {
  ConnectRequestSchema,
  ProvinceLink,
  type Claim,
  type ConnectRequest,
  type ConnectResponse,
  type SettlementResult,
} from "@tongxing/proto";
import { createGrpcClient, openBidi } from "@tongxing/proto/grpc";
import type { Logger } from "@tongxing/telemetry";
import type { Dialect } from "@tongxing/dialects";
import { platformCredentials } from "@tongxing/testkit";

/** What a simulated (or real) platform answers for one claim. */
export type PlatformReply =
  | { readonly adjudication: NonNullable<Extract<ConnectRequest["msg"], { case: "adjudication" }>["value"]["adjudication"]> }
  | { readonly refusal: { readonly code: string; readonly message: string } };

/** Options for {@link ProvinceLinkClient}. */
export interface ProvinceLinkClientOptions {
  readonly address: string;
  /**
   * Routing-table platform id. The hub takes it from the client certificate; it is also sent as
   * x-tongxing-platform for a hub behind the development identity switch.
   */
  readonly platform: string;
  /**
   * The platform's mTLS credentials (its client certificate). Default: the test hub's certificate
   * for `platform` when `address` is a test hub, else plaintext (a development-header hub).
   */
  readonly credentials?: ChannelCredentials;
  /** Deliveries accepted unanswered. */
  readonly maxInFlight?: number;
  /** Decides a claim insured by this platform. */
  readonly adjudicate: (claim: Claim) => PlatformReply;
  /**
   * Answers a pre-settlement (2206 / 2303 / 2101) of a claim insured by this platform: what it
   * would pay, booking nothing. Absent: refused with code NO_PRE_SETTLEMENT.
   */
  readonly preSettle?: (claim: Claim) => PlatformReply;
  /**
   * Reply in this dialect (the platform's routing-table dialect): adjudications go as the dialect's
   * reply payload, and Hello asks for dialect payloads. Default: canonical replies.
   */
  readonly replyDialect?: Dialect;
  /** Called for each final result of a claim this platform submitted. */
  readonly onResult?: (result: SettlementResult) => void;
  /** Reconnect delay after the link drops. Default 500 ms. */
  readonly reconnectDelayMs?: number;
  readonly log?: Logger;
}

/**
 * A provincial platform's side of ProvinceLink: keeps one stream open (reconnecting after a
 * drop), adjudicates every claim delivered to it and acknowledges every result.
 */
export class ProvinceLinkClient {
  readonly #client;
  #stream: ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  #running = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #adjudicated = 0;
  #results = 0;
  #preSettled = 0;

  constructor(private readonly options: ProvinceLinkClientOptions) {
    this.#client = createGrpcClient(ProvinceLink, options.address, { credentials: options.credentials ?? platformCredentials(options.address, options.platform) });
  }

  /** Claims adjudicated, results received and pre-settlements answered so far. */
  get counts(): { adjudicated: number; results: number; preSettled: number } {
    return { adjudicated: this.#adjudicated, results: this.#results, preSettled: this.#preSettled };
  }

  /** Opens the link and keeps it open until {@link disconnect} or {@link close}. */
  connect(): void {
    this.#running = true;
    this.open();
  }

  /** Drops the link (as a platform going offline) without closing the client. */
  disconnect(): void {
    this.#running = false;
    clearTimeout(this.#reconnectTimer);
    this.#stream?.cancel();
    this.#stream = undefined;
  }

  close(): void {
    this.disconnect();
    this.#client.close();
  }

  private open(): void {
    const stream = openBidi(this.#client, ProvinceLink.method.connect, { metadata: { "x-tongxing-platform": this.options.platform } });
    this.#stream = stream;
    stream.write(create(ConnectRequestSchema, { msg: { case: "hello", value: { maxInFlight: this.options.maxInFlight ?? 64, dialectPayloads: this.options.replyDialect !== undefined } } }));
    stream.on("data", (response: ConnectResponse) => this.onResponse(stream, response));
    // A stream can end by error, by status or by close (grpc-js emits them in different
    // combinations depending on how it failed); any of them means: reconnect, once.
    const ended = (why: string) => () => {
      if (this.#stream !== stream) return;
      this.#stream = undefined;
      stream.cancel();
      if (!this.#running) return;
      this.options.log?.debug({ platform: this.options.platform, why }, "link ended; reconnecting");
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = setTimeout(() => {
        if (this.#running && this.#stream === undefined) this.open();
      }, this.options.reconnectDelayMs ?? 500);
    };
    stream.on("error", ended("error"));
    stream.on("status", ended("status"));
    stream.on("end", ended("end"));
    stream.on("close", ended("close"));
  }

  private onResponse(stream: ClientDuplexStream<ConnectRequest, ConnectResponse>, response: ConnectResponse): void {
    const m = response.msg;
    if (m.case === "claim") {
      const claim = m.value.claim;
      if (claim === undefined) return;
      const reply = this.options.adjudicate(claim);
      const deliveryId = m.value.deliveryId;
      this.#adjudicated += 1;
      const encode = this.options.replyDialect?.encodeAdjudication;
      if ("adjudication" in reply && encode !== undefined) {
        const payload = encode.call(this.options.replyDialect, reply.adjudication, claim);
        stream.write(create(ConnectRequestSchema, { msg: { case: "adjudication", value: { deliveryId, payload } } }));
      } else if ("adjudication" in reply) {
        stream.write(create(ConnectRequestSchema, { msg: { case: "adjudication", value: { deliveryId, adjudication: reply.adjudication } } }));
      } else {
        stream.write(create(ConnectRequestSchema, { msg: { case: "refusal", value: { deliveryId, refusal: { claimId: claim.claimId, ...reply.refusal } } } }));
      }
    } else if (m.case === "result") {
      this.#results += 1;
      if (m.value.result !== undefined) this.options.onResult?.(m.value.result);
      stream.write(create(ConnectRequestSchema, { msg: { case: "resultAck", value: { deliveryId: m.value.deliveryId } } }));
    } else if (m.case === "preSettle") {
      const claim = m.value.claim;
      const deliveryId = m.value.deliveryId;
      if (claim === undefined) return;
      this.#preSettled += 1;
      const reply = this.options.preSettle?.(claim) ?? { refusal: { code: "NO_PRE_SETTLEMENT", message: "this platform does not pre-settle" } };
      const value = "adjudication" in reply ? { deliveryId, adjudication: reply.adjudication } : { deliveryId, refusal: { claimId: claim.claimId, ...reply.refusal } };
      stream.write(create(ConnectRequestSchema, { msg: { case: "preSettleReply", value } }));
    } else if (m.case === "replyAck" && !m.value.accepted) {
      this.options.log?.warn({ platform: this.options.platform, error: m.value.error }, "hub did not accept a reply");
    }
  }
}
