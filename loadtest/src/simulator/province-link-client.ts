import { create, toBinary } from "@bufbuild/protobuf";
import type { ChannelCredentials, ClientDuplexStream, ServiceError } from "@grpc/grpc-js";
import {
  AdjudicationReplySchema,
  ConnectRequestSchema,
  ProvinceLink,
  PreSettleReplySchema,
  RefusalReplySchema,
  type Claim,
  type ConnectRequest,
  type ConnectResponse,
  type ReversalDelivery,
  type SettlementResult,
} from "@tongxing/proto";
import { createGrpcClient, openBidi } from "@tongxing/proto/grpc";
import type { Logger } from "@tongxing/telemetry";
import type { Dialect } from "@tongxing/dialects";
import { platformCredentials, platformSigner } from "@tongxing/testkit";
import { linkSignatureContext, type PlatformSigner } from "@tongxing/pki";
import { createReversalPolicy, DEFAULT_REFUSE_REVERSAL_MARKER, type ReversalReply } from "./reversal-policy.js";

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
  /**
   * Signs each adjudication and refusal (SM2, the platform's key in the hub's platform-keys
   * store). Default: the test hub's key for `platform` when `address` is a test hub; null: unsigned.
   */
  readonly signer?: PlatformSigner | null;
  /** Deliveries accepted unanswered. */
  readonly maxInFlight?: number;
  /** Decides a claim insured by this platform. */
  readonly adjudicate: (claim: Claim) => PlatformReply;
  /** Answers a reversal of a settlement this platform paid. Default: {@link createReversalPolicy} with its default marker. */
  readonly reverse?: (delivery: ReversalDelivery) => ReversalReply;
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
  /** Called when the hub ends the link with an error status (e.g. UNAUTHENTICATED signature.missing). */
  readonly onLinkError?: (err: ServiceError) => void;
  /** Reconnect delay after the link drops. Default 500 ms. */
  readonly reconnectDelayMs?: number;
  readonly log?: Logger;
}

/**
 * A provincial platform's side of ProvinceLink: keeps one stream open (reconnecting after a
 * drop), adjudicates every claim delivered to it, acknowledges every result and answers every
 * reversal (reverses its fund payment, or refuses in the configured case).
 */
export class ProvinceLinkClient {
  readonly #client;
  #stream: ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  #running = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #adjudicated = 0;
  #results = 0;
  /** Reversal deliveries received per claim id (a repeat shows as a count above 1). */
  readonly #reversals = new Map<string, number>();
  readonly #reverse: (delivery: ReversalDelivery) => ReversalReply;
  #preSettled = 0;

  readonly #signer: PlatformSigner | undefined;

  constructor(private readonly options: ProvinceLinkClientOptions) {
    this.#reverse = options.reverse ?? createReversalPolicy(DEFAULT_REFUSE_REVERSAL_MARKER);
    this.#client = createGrpcClient(ProvinceLink, options.address, { credentials: options.credentials ?? platformCredentials(options.address, options.platform) });
    this.#signer = options.signer === null ? undefined : (options.signer ?? platformSigner(options.address, options.platform));
  }

  /** Claims adjudicated, results received and pre-settlements answered so far. */
  get counts(): { adjudicated: number; results: number; preSettled: number } {
    return { adjudicated: this.#adjudicated, results: this.#results, preSettled: this.#preSettled };
  }

  /** How often the hub delivered each claim's reversal to this platform. */
  get reversals(): ReadonlyMap<string, number> {
    return this.#reversals;
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
    stream.on("error", (err: ServiceError) => this.options.onLinkError?.(err));
    stream.on("error", ended("error"));
    stream.on("status", ended("status"));
    stream.on("end", ended("end"));
    stream.on("close", ended("close"));
  }

  /** The link message's signature fields over the reply's bytes (none without a signer). */
  private signature(kind: "adjudication" | "refusal" | "preSettleReply", body: Uint8Array): { signature?: Uint8Array; keyId?: string } {
    const signer = this.#signer;
    return signer === undefined ? {} : { signature: signer.sign(linkSignatureContext(kind), body), keyId: signer.keyId };
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
      if ("adjudication" in reply) {
        const value = create(AdjudicationReplySchema, encode === undefined ? { deliveryId, adjudication: reply.adjudication } : { deliveryId, payload: encode.call(this.options.replyDialect, reply.adjudication, claim) });
        stream.write(create(ConnectRequestSchema, { msg: { case: "adjudication", value }, ...this.signature("adjudication", toBinary(AdjudicationReplySchema, value)) }));
      } else {
        const value = create(RefusalReplySchema, { deliveryId, refusal: { claimId: claim.claimId, ...reply.refusal } });
        stream.write(create(ConnectRequestSchema, { msg: { case: "refusal", value }, ...this.signature("refusal", toBinary(RefusalReplySchema, value)) }));
      }
    } else if (m.case === "result") {
      this.#results += 1;
      if (m.value.result !== undefined) this.options.onResult?.(m.value.result);
      stream.write(create(ConnectRequestSchema, { msg: { case: "resultAck", value: { deliveryId: m.value.deliveryId } } }));
    } else if (m.case === "reversal") {
      const d = m.value;
      this.#reversals.set(d.claimId, (this.#reversals.get(d.claimId) ?? 0) + 1);
      const reply = this.#reverse(d);
      const value = reply.accepted ? { deliveryId: d.deliveryId, accepted: true, reversalRef: reply.reversalRef } : { deliveryId: d.deliveryId, accepted: false, reason: reply.reason };
      stream.write(create(ConnectRequestSchema, { msg: { case: "reversalAnswer", value } }));
    } else if (m.case === "preSettle") {
      const claim = m.value.claim;
      const deliveryId = m.value.deliveryId;
      if (claim === undefined) return;
      this.#preSettled += 1;
      const reply = this.options.preSettle?.(claim) ?? { refusal: { code: "NO_PRE_SETTLEMENT", message: "this platform does not pre-settle" } };
      const value = create(PreSettleReplySchema, "adjudication" in reply ? { deliveryId, adjudication: reply.adjudication } : { deliveryId, refusal: { claimId: claim.claimId, ...reply.refusal } });
      stream.write(create(ConnectRequestSchema, { msg: { case: "preSettleReply", value }, ...this.signature("preSettleReply", toBinary(PreSettleReplySchema, value)) }));
    } else if (m.case === "replyAck" && !m.value.accepted) {
      this.options.log?.warn({ platform: this.options.platform, error: m.value.error }, "hub did not accept a reply");
    }
  }
}
