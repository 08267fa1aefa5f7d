import { createHash } from "node:crypto";

/**
 * Every wire name of the hub's NATS layout: streams, subjects, consumers, KV buckets, headers.
 * Nothing else in the code base spells these strings.
 */

const PREFIX = "tongxing";

/** JetStream streams, one per hop. */
export const Streams = {
  /** Claims accepted by the translator, waiting for the router. Work queue. */
  CLAIMS: "CLAIMS",
  /** Claims routed to a serving platform, waiting for its link. Work queue. */
  DELIVERY: "DELIVERY",
  /** Adjudications (or refusals) returned by insured platforms, waiting for the auditor. Work queue. */
  ADJUDICATIONS: "ADJUDICATIONS",
  /** Final results per submitting platform; kept for a while for link delivery and replay. */
  SETTLEMENTS: "SETTLEMENTS",
  /** Claims the hub could not deliver, with the reason. */
  DEADLETTER: "DEADLETTER",
  /** Settlement ledger: one entry per settlement and per reversal, kept indefinitely. */
  LEDGER: "LEDGER",
  /** The tamper-evident audit chain of claim events, one block per message, kept indefinitely. */
  AUDIT_CHAIN: "AUDIT_CHAIN",
  /**
   * Cancels and reversals, on a path of their own (never the adjudication hop): cancel requests
   * and the insured platforms' answers for the auditor (`reversals.hub.>`), reversals for each
   * insured platform's link (`reversals.link.<platform>`). Work queue.
   */
  REVERSALS: "REVERSALS",
} as const;

/** Platform token under which the hub itself answers for claims it could not deliver (`adjudications.hub`). */
export const HUB_PLATFORM = "hub";

/** Subject builders; tokens are routing-table platform ids or 2-digit province codes. */
export const Subjects = {
  claims: (insuredProvince: string) => `${PREFIX}.claims.${insuredProvince}`,
  claimsAll: `${PREFIX}.claims.>`,
  delivery: (platform: string) => `${PREFIX}.delivery.${platform}`,
  deliveryAll: `${PREFIX}.delivery.>`,
  /**
   * Claims for a platform held during a queueing maintenance window (in DELIVERY, beside the
   * platform's own subject, which its link consumer filters exactly): released in order after.
   */
  deliveryQueued: (platform: string) => `${PREFIX}.delivery.${platform}.queued`,
  /** Every subject below a platform's own delivery subject (its maintenance queue): the router's alone. */
  deliveryBelowPlatforms: `${PREFIX}.delivery.*.>`,
  /**
   * A platform's adjudication (or refusal) of a claim delivered on its link, sent by the link to
   * the auditor as a core NATS request (not stored): the link acks the delivery once the auditor
   * answers "stored". Only the translator's user may publish here (service-users.ts).
   */
  adjudicate: (linkPlatform: string) => `${PREFIX}.adjudicate.${linkPlatform}`,
  adjudicateAll: `${PREFIX}.adjudicate.>`,
  adjudications: (platform: string) => `${PREFIX}.adjudications.${platform}`,
  adjudicationsAll: `${PREFIX}.adjudications.>`,
  settlements: (submitterPlatform: string) => `${PREFIX}.settlements.${submitterPlatform}`,
  /**
   * Results answered on the SettleClaim call that asked for them: in SETTLEMENTS like the others
   * (replay, the waiting call), but not pushed on the platform's link, whose results consumer
   * filters `settlements(platform)` exactly.
   */
  settlementsAnswered: (submitterPlatform: string, answerInstance = "") =>
    answerInstance === "" ? `${PREFIX}.settlements.${submitterPlatform}.answered` : `${PREFIX}.settlements.${submitterPlatform}.answered.${answerInstance}`,
  /** Every answered result addressed to one translator instance (its own plain subscription). */
  settlementsAnsweredTo: (answerInstance: string) => `${PREFIX}.settlements.*.answered.${answerInstance}`,
  /** Answered results addressed to no instance (claims accepted by translators before `answer_instance`). */
  settlementsAnsweredUnaddressed: `${PREFIX}.settlements.*.answered`,
  /** One submitter's link results (`settlements(p)`) and answered results (`…answered[.<instance>]`): both subjects. */
  settlementsOfSubmitter: (submitterPlatform: string) => [`${PREFIX}.settlements.${submitterPlatform}`, `${PREFIX}.settlements.${submitterPlatform}.>`] as const,
  settlementsAll: `${PREFIX}.settlements.>`,
  /**
   * A result sent to the translator instance whose SettleClaim call waits for it: core NATS, not
   * stored (the claim's record holds the result; a call that missed it is answered from there).
   */
  answers: (submitterPlatform: string, answerInstance: string) => `${PREFIX}.answers.${submitterPlatform}.${answerInstance}`,
  /** Every answer addressed to one translator instance (its own plain subscription). */
  answersTo: (answerInstance: string) => `${PREFIX}.answers.*.${answerInstance}`,
  /** Every answer for one submitter, whichever instance it is addressed to. */
  answersOfSubmitter: (submitterPlatform: string) => `${PREFIX}.answers.${submitterPlatform}.>`,
  answersAll: `${PREFIX}.answers.>`,
  deadletter: (reason: string) => `${PREFIX}.deadletter.${reason}`,
  deadletterAll: `${PREFIX}.deadletter.>`,
  /**
   * A reversal's entry, one subject per claim ("at most one" is a JetStream expectation); also
   * the subject of settlement entries posted before {@link ledgerSettlement} (one per claim).
   */
  ledger: (kind: "settlement" | "reversal", claimId: string) => `${PREFIX}.ledger.${kind}.${claimId}`,
  /** Every settlement entry (not the reversals). */
  ledgerSettlementsAll: `${PREFIX}.ledger.settlement.>`,
  /**
   * A settlement's entry: one subject per (submitting platform, setl_id), published with "subject
   * must be empty", so there is one entry per settlement id, and the subject is the settlement
   * index a cancel naming the settlement looks the claim up by (the last message on it).
   */
  ledgerSettlement: (submitterPlatform: string, setlId: string) => `${PREFIX}.ledger.settlement.${submitterPlatform}.${settlementToken(setlId)}`,
  ledgerAll: `${PREFIX}.ledger.>`,
  auditChain: `${PREFIX}.audit.chain`,
  /** A treatment side's accepted cancel, for the auditor (the request is the cancel's outbox). */
  reversalRequest: (submitterPlatform: string) => `${PREFIX}.reversals.hub.request.${submitterPlatform}`,
  /** An insured platform's answer to a reversal (acknowledged or refused), for the auditor. */
  reversalAnswer: (insuredPlatform: string) => `${PREFIX}.reversals.hub.answer.${insuredPlatform}`,
  /** Everything the auditor's reversal consumer takes: requests and answers. */
  reversalsHubAll: `${PREFIX}.reversals.hub.>`,
  /** A reversal to deliver on the insured platform's link. */
  reversalLink: (insuredPlatform: string) => `${PREFIX}.reversals.link.${insuredPlatform}`,
  reversalLinkAll: `${PREFIX}.reversals.link.>`,
  reversalsAll: `${PREFIX}.reversals.>`,
  /**
   * Pre-settlement requests for one insured platform (core NATS request/reply, nothing stored on
   * the way): the translator holding the platform's link answers. Apart from the settle path's
   * subjects on purpose: a pre-settlement books nothing.
   */
  preSettle: (platform: string) => `${PREFIX}.presettle.${platform}`,
} as const;

/** Core NATS queue groups (one member of each group gets each request). */
export const QueueGroups = {
  /** The auditors answering the links' adjudication requests. */
  AUDITOR: "auditor",
} as const;

/** The auditor's answer to an adjudication request (header {@link Headers.ADJUDICATION_OUTCOME}). */
export const AdjudicationOutcomes = {
  /** Decided (or found decided before) and stored, result sent: the link acks the delivery. */
  STORED: "stored",
  /** Not stored now (store or NATS trouble): the link keeps the delivery; the platform resends. */
  RETRY: "retry",
  /** Never acceptable (undecodable, not from the link of the claim's insured platform). */
  REFUSED: "refused",
} as const;
export type AdjudicationOutcome = (typeof AdjudicationOutcomes)[keyof typeof AdjudicationOutcomes];

/** Durable consumer names. */
export const Consumers = {
  ROUTER: "router",
  AUDITOR: "auditor",
  /** The auditor's consumer of REVERSALS `reversals.hub.>` (cancel requests, insured answers). */
  REVERSER: "reverser",
  /** Delivers REVERSALS `reversals.link.<platform>` to that platform's link. */
  reversalLink: (platform: string) => `reversal-link-${platform}`,
  /** Delivers DELIVERY.<platform> to that platform's link. */
  link: (platform: string) => `link-${platform}`,
  /** Delivers SETTLEMENTS.<platform> results to that platform's link. */
  results: (platform: string) => `results-${platform}`,
  /** Releases DELIVERY.<platform>.queued to DELIVERY.<platform> once its maintenance window ends. */
  release: (platform: string) => `release-${platform}`,
} as const;

/** Whether `text` can stand as one subject token or KV key segment as it is (no dots, wildcards, spaces). */
export function isSubjectToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text);
}

/** A setl_id as one subject token or key segment: as it is when it can be, else `x` + its hex. */
function settlementToken(setlId: string): string {
  return isSubjectToken(setlId) ? setlId : `x${Buffer.from(setlId, "utf8").toString("hex").slice(0, 128)}`;
}

/**
 * Key of the settlement index in the claims bucket: (submitting platform, setl_id) → claim id.
 * No longer written (the ledger's settlement subject is the index); read for settlements made
 * before that.
 */
export function settlementIndexKey(submitterPlatform: string, setlId: string): string {
  return `setl.${submitterPlatform}.${settlementToken(setlId)}`;
}

/**
 * Key of the one-settlement-per-encounter index in the claims bucket: (institution, mdtrt_id,
 * charge batch) → the claim settled for it. Hashed, since those are free text.
 */
export function encounterIndexKey(fixmedinsCode: string, mdtrtId: string, chrgBchno: string): string {
  return `enc.${createHash("sha256").update(`${fixmedinsCode}\n${mdtrtId}\n${chrgBchno}`).digest("hex").slice(0, 40)}`;
}

/**
 * Key of the message-id index in the claims bucket: (submitting platform, msgid) → the claim that
 * first used that msgid (rule D2: a sender's msgid is unique). Hashed, since msgid is free text.
 */
export function msgidIndexKey(submitterPlatform: string, msgid: string): string {
  return `msgid.${submitterPlatform}.${createHash("sha256").update(msgid).digest("hex").slice(0, 40)}`;
}

/** Key of the review-queue index in the claims bucket: one per claim held for a regulator. */
export function heldIndexKey(claimId: string): string {
  return `held.${claimId}`;
}

/** KV buckets. */
export const Buckets = {
  /** ClaimRecord per claim id (protobuf binary). */
  CLAIMS: "claims",
  /** Routing table: platform.<id> and region.<admdvs> entries (JSON, operator-editable). */
  ROUTING: "routing",
  /** Insured-region policies: policy.<province> (JSON, versioned and effective-dated). */
  POLICIES: "policies",
  /** Remote-care filings and family bindings per person: filing.<province>.<HMAC of psn_no> (a JSON list, sealed by @tongxing/privacy). */
  FILINGS: "filings",
  /**
   * Cross-province networked institutions: inst.<province>.<fixmedins_code> entries, and
   * enforce.<province> once a province's list is complete (then only listed institutions settle).
   */
  INSTITUTIONS: "institutions",
  /**
   * Pre-settlement answers (PreSettlement, protobuf binary) by encounter: pre.<hash of institution,
   * mdtrt_id, charge batch>; the latest answer wins. Rule S1 compares a settlement with it.
   */
  PRESETTLEMENTS: "presettlements",
  /**
   * Each platform's latest reconciliation call (3201 / 3202) per side and day, written by the
   * translator, read by the console: <yyyyMM>.<platform>.<treatment|insured>.<yyyy-MM-dd> (JSON).
   */
  RECONCILIATIONS: "reconciliations",
  /**
   * Platforms' SM2 signing keys: key.<platform>.<keyId> (JSON: public key, validity), separate
   * from the routing table; see docs/security.md#signatures.
   */
  PLATFORM_KEYS: "platform-keys",
} as const;

/** Key of an encounter's pre-settlement in the presettlements bucket: (institution, mdtrt_id, charge batch). */
export function preSettlementKey(fixmedinsCode: string, mdtrtId: string, chrgBchno: string): string {
  return `pre.${createHash("sha256").update(`${fixmedinsCode}\n${mdtrtId}\n${chrgBchno}`).digest("hex").slice(0, 40)}`;
}

/** Message headers. */
export const Headers = {
  TRACE_ID: "Tongxing-Trace-Id",
  CLAIM_ID: "Tongxing-Claim-Id",
  DEADLETTER_REASON: "Tongxing-Deadletter-Reason",
  /** Free text: why the message was dead-lettered (the handler's reason or last error). */
  DEADLETTER_DETAIL: "Tongxing-Deadletter-Detail",
  /** Where a dead letter came from, so `replay` can put it back: subject, stream, sequence, Nats-Msg-Id. */
  ORIGINAL_SUBJECT: "Tongxing-Original-Subject",
  ORIGINAL_STREAM: "Tongxing-Original-Stream",
  ORIGINAL_SEQ: "Tongxing-Original-Seq",
  ORIGINAL_MSG_ID: "Tongxing-Original-Msg-Id",
  /** Deliveries the message had when it was dead-lettered. */
  DELIVERIES: "Tongxing-Deliveries",
  /** The delivery attempt (JetStream delivery count) of the claim an adjudication request answers. */
  DELIVERY_ATTEMPT: "Tongxing-Delivery-Attempt",
  /** The auditor's answer to an adjudication request: an {@link AdjudicationOutcomes} value. */
  ADJUDICATION_OUTCOME: "Tongxing-Adjudication-Outcome",
  /** Why an adjudication request was refused (free text). */
  ADJUDICATION_DETAIL: "Tongxing-Adjudication-Detail",
  /** JetStream's own message-id header (deduplication). */
  NATS_MSG_ID: "Nats-Msg-Id",
} as const;

/**
 * Dead-letter reasons (the last token of `tongxing.deadletter.<reason>`). The router's route
 * refusals (NO_ROUTE, …) use the routing table's reason codes as they are.
 */
export const DeadLetterReasons = {
  /** A message that cannot be decoded. (Lower case: dead letters stored before this list.) */
  UNDECODABLE: "undecodable",
  /** A handler said the message can never succeed (term). */
  POISON: "POISON",
  /** Delivered as often as its consumer allows without success (handler failures or no ack). */
  MAX_DELIVERIES: "MAX_DELIVERIES",
} as const;
export type DeadLetterReason = (typeof DeadLetterReasons)[keyof typeof DeadLetterReasons];

/** Server advisories the hub listens to. */
export const Advisories = {
  /** One per message a consumer stopped delivering after max_deliver (`….<stream>.<consumer>`). */
  maxDeliveriesAll: "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
} as const;

/** Nats-Msg-Id per hop, so a republished message is dropped by JetStream's duplicate window. */
export const MsgIds = {
  claim: (claimId: string) => `${claimId}:received`,
  delivery: (claimId: string) => `${claimId}:routed`,
  queued: (claimId: string) => `${claimId}:queued`,
  adjudication: (claimId: string) => `${claimId}:adjudicated`,
  /** One result per claim and final status (HELD, then SETTLED after review, then CANCELLED…). */
  result: (claimId: string, status: number) => `${claimId}:result-${status}`,
  cancelRequest: (claimId: string) => `${claimId}:cancel-requested`,
  /** One reversal request per claim (the auditor's compare-and-set is the "once" guard beyond the window). */
  reversalRequest: (claimId: string) => `${claimId}:reversal-requested`,
  /** The reversal handed to the insured platform's link, once per claim. */
  reversalDelivery: (claimId: string) => `${claimId}:reversal-delivered`,
  /** The insured platform's answer to a claim's reversal. */
  reversalAnswer: (claimId: string) => `${claimId}:reversal-answered`,
  deadletter: (claimId: string) => `${claimId}:deadletter`,
  /** A dead-letter copy of one stream message (so a copy made twice is kept once). */
  deadletterOf: (stream: string, seq: number) => `${stream}-${seq}:deadletter`,
} as const;
