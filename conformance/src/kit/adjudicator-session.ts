import type { KeyObject } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { createDialectRegistry, type Dialect } from "@tongxing/dialects";
import { isInvalidInputError } from "@tongxing/domain";
import { ClaimKind, ConnectResponseSchema, type Adjudication, type Claim, type ConnectRequest, type SettlementResult } from "@tongxing/proto";
import type { CaseRecorder } from "./case-outcome.js";
import { FrameTimeoutError } from "./frame-queue.js";
import { LinkClosedError, type LinkConnection } from "./link-connection.js";
import type { LinkServer } from "./link-server.js";
import { scriptedClaim } from "./scripted-claims.js";

/** Timings and identity of an adjudicator run, resolved. */
export interface AdjudicatorSettings {
  /** ADJ-08: the platform answers a delivery within this. */
  readonly answerDeadlineMs: number;
  /** How long other cases wait for an answer before calling it missing (≥ answerDeadlineMs). */
  readonly replyWaitMs: number;
  /** LINK-02: how long the platform has to reconnect after a cut. */
  readonly reconnectWindowMs: number;
  /** RES-01: how long the platform has to acknowledge a result. */
  readonly ackDeadlineMs: number;
  /** 参保地 admdvs put in the scripted claims: the platform's own region. */
  readonly insuplcAdmdvs: string;
  /**
   * The platform's routing-table dialect: claims are rendered in it for a platform whose Hello
   * asks for dialect payloads, and replies sent as payload bytes are decoded with it.
   */
  readonly dialect: string;
  /**
   * The platform's SM2 public key, as registered with the hub, for a platform whose routing entry
   * requires signatures: its link replies must verify with it (SIG-01). Absent: not checked.
   */
  readonly platformKey?: KeyObject;
}

/** An answer to a claim delivery and how long it took. */
export interface Answer {
  readonly frame: ConnectRequest;
  readonly elapsedMs: number;
}

/** What the kit learned when a stream opened. */
export interface StreamStart {
  readonly conn: LinkConnection;
  /** Why the stream did not start with Hello, if it did not. */
  readonly helloProblem?: string;
}

/**
 * The kit's state across adjudicator cases: the platform's current stream, delivery ids, and
 * frames that arrived for a delivery other than the one a case waits for (kept for later).
 */
export class AdjudicatorSession {
  #current: LinkConnection | undefined;
  #serial = 0;
  #delivery = 0;
  readonly #early = new Map<string, ConnectRequest>();
  readonly #dialectPayloads = new WeakMap<LinkConnection, boolean>();
  readonly #dialect: Dialect;
  /** Every stream start, oldest first. */
  readonly starts: StreamStart[] = [];

  /** Throws InvalidInputError (field `dialect`) for a dialect the hub does not speak. */
  constructor(
    private readonly server: LinkServer,
    readonly settings: AdjudicatorSettings,
  ) {
    this.#dialect = createDialectRegistry().get(settings.dialect);
  }

  /** Waits for the platform's next stream and its Hello; FrameTimeoutError when none opens. */
  async acceptStream(timeoutMs: number): Promise<StreamStart> {
    const conn = await this.server.nextConnection(timeoutMs);
    let start: StreamStart;
    try {
      const first = await conn.next(Math.max(timeoutMs, 1_000));
      if (first.msg.case === "hello") {
        this.#dialectPayloads.set(conn, first.msg.value.dialectPayloads);
        conn.welcome(first.msg.value.maxInFlight === 0 ? 64 : first.msg.value.maxInFlight);
        start = { conn };
      } else start = { conn, helloProblem: `the first frame was "${first.msg.case ?? "empty"}", not hello` };
    } catch (err) {
      start = { conn, helloProblem: err instanceof FrameTimeoutError ? "no frame within the wait" : String(err) };
    }
    this.#current = conn;
    this.#early.clear();
    this.starts.push(start);
    return start;
  }

  /** The open stream, waiting for the platform to reconnect if the last one ended. */
  async link(): Promise<LinkConnection> {
    const c = this.#current;
    if (c !== undefined && c.closed === undefined) return c;
    return (await this.acceptStream(this.settings.reconnectWindowMs)).conn;
  }

  /** A fresh scripted claim insured by the platform under test. */
  claim(kind: ClaimKind = ClaimKind.OUTPATIENT, insutype?: string): Claim {
    this.#serial += 1;
    return scriptedClaim({ kind, serial: this.#serial, insuplcAdmdvs: this.settings.insuplcAdmdvs, ...(insutype === undefined ? {} : { insutype }) });
  }

  nextDeliveryId(): string {
    this.#delivery += 1;
    return `kit-${String(this.#delivery).padStart(6, "0")}`;
  }

  /** Delivers `claim` (rendered in the dialect too when the platform's Hello asked) and returns its delivery id. */
  deliverClaim(conn: LinkConnection, claim: Claim, attempt = 1): string {
    const deliveryId = this.nextDeliveryId();
    const rendered = this.#dialectPayloads.get(conn) === true ? this.render(claim) : { dialect: "" };
    conn.send(create(ConnectResponseSchema, { msg: { case: "claim", value: { deliveryId, claim, attempt, ...rendered } } }));
    return deliveryId;
  }

  /** The claim in the platform's dialect; canonical only when the dialect cannot render it (an unknown enum value). */
  private render(claim: Claim): { dialect: string; payload?: Uint8Array } {
    const encode = this.#dialect.encodeClaim;
    if (this.#dialect.name === "canonical" || encode === undefined) return { dialect: "" };
    try {
      return { dialect: this.#dialect.name, payload: encode.call(this.#dialect, claim) };
    } catch {
      return { dialect: "" }; // the canonical claim alone, as the hub delivers what it cannot render
    }
  }

  /**
   * The adjudication an answer carries: canonical, or the payload decoded in the platform's
   * dialect. Undefined when the answer is no adjudication, or its payload does not decode
   * (failing `requirement` with each violation named by field).
   */
  adjudicationOf(answer: Answer | undefined, claim: Claim, rec: CaseRecorder, requirement: string): Adjudication | undefined {
    if (answer?.frame.msg.case !== "adjudication") return undefined;
    const { adjudication, payload } = answer.frame.msg.value;
    if (adjudication !== undefined || payload.length === 0) return adjudication;
    const decode = this.#dialect.decodeAdjudication;
    if (decode === undefined) {
      rec.fail(requirement, `the reply is ${payload.length} payload bytes, and dialect ${this.#dialect.name} has no reply format (run with --dialect)`);
      return undefined;
    }
    try {
      return decode.call(this.#dialect, payload, claim);
    } catch (err) {
      const why = isInvalidInputError(err) ? err.violations.map((v) => `${v.field}: ${v.description}`).join("; ") : String(err);
      rec.fail(requirement, `the reply payload does not decode as ${this.#dialect.name}: ${why}`);
      return undefined;
    }
  }

  /** Delivers a final result of a claim the platform submitted; returns its delivery id. */
  /** A reversal of `settlement` (the platform's own adjudication of `claim`), as the hub sends it when the treatment side cancels. */
  deliverReversal(conn: LinkConnection, claim: Claim, settlement: Adjudication): string {
    const deliveryId = this.nextDeliveryId();
    const cancel = { setlId: settlement.setlId, mdtrtId: claim.encounter?.mdtrtId ?? "", psnNo: claim.person?.psnNo ?? "", msgid: `${claim.msgid.slice(0, 22)}CANCEL01`, infno: "2208", reason: "conformance kit: reversal" };
    conn.send(create(ConnectResponseSchema, { msg: { case: "reversal", value: { deliveryId, claimId: claim.claimId, settlement, cancel, attempt: 1, claim } } }));
    return deliveryId;
  }

  deliverResult(conn: LinkConnection, result: SettlementResult): string {
    const deliveryId = this.nextDeliveryId();
    conn.send(create(ConnectResponseSchema, { msg: { case: "result", value: { deliveryId, result } } }));
    return deliveryId;
  }

  /**
   * The platform's frame for `deliveryId` (an adjudication, refusal or result ack), or undefined
   * when none came within `timeoutMs` or the stream ended first.
   */
  async answerTo(conn: LinkConnection, deliveryId: string, timeoutMs: number): Promise<Answer | undefined> {
    const started = performance.now();
    const early = this.#early.get(deliveryId);
    if (early !== undefined) {
      this.#early.delete(deliveryId);
      return { frame: early, elapsedMs: 0 };
    }
    for (;;) {
      const left = timeoutMs - (performance.now() - started);
      if (left <= 0) return undefined;
      let frame: ConnectRequest;
      try {
        frame = await conn.next(left);
      } catch (err) {
        if (err instanceof FrameTimeoutError || err instanceof LinkClosedError) return undefined;
        throw err;
      }
      const id = deliveryIdOf(frame);
      if (id === deliveryId) return { frame, elapsedMs: performance.now() - started };
      if (id !== undefined) this.#early.set(id, frame);
    }
  }
}

/** The delivery a platform frame answers; undefined for Hello. */
export function deliveryIdOf(frame: ConnectRequest): string | undefined {
  switch (frame.msg.case) {
    case "adjudication":
    case "refusal":
    case "resultAck":
    case "reversalAnswer":
    case "preSettleReply":
      return frame.msg.value.deliveryId;
    case "hello":
    case undefined:
      return undefined;
    default: {
      const unknown: never = frame.msg;
      return String(unknown);
    }
  }
}
