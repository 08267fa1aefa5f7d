import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { ClaimEventSchema, ClaimStatus, type ClaimEvent } from "@tongxing/proto";

/** Which process made a transition. */
export const Actor = {
  TRANSLATOR: "translator",
  ROUTER: "router",
  AUDITOR: "auditor",
  REGULATOR: "regulator",
} as const;
export type Actor = (typeof Actor)[keyof typeof Actor];

/** A new lifecycle event stamped now. */
export function claimEvent(claimId: string, status: ClaimStatus, traceId: string, actor: Actor, detail = ""): ClaimEvent {
  return create(ClaimEventSchema, { claimId, status, traceId, actor, detail, at: timestampFromMs(Date.now()) });
}

/** Statuses after which a claim waits for nothing more (until a cancel). */
export function isFinalStatus(status: ClaimStatus): boolean {
  switch (status) {
    case ClaimStatus.SETTLED:
    case ClaimStatus.REJECTED:
    case ClaimStatus.HELD:
    case ClaimStatus.CANCELLED:
    // A refused reversal waits for a regulator, as a held claim does.
    case ClaimStatus.REVERSAL_HELD:
      return true;
    case ClaimStatus.UNSPECIFIED:
    case ClaimStatus.RECEIVED:
    case ClaimStatus.ROUTED:
    case ClaimStatus.DELIVERED:
    case ClaimStatus.ADJUDICATED:
    case ClaimStatus.APPROVED:
    case ClaimStatus.CANCEL_REQUESTED:
      return false;
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

/** "CLAIM_STATUS_SETTLED" → "SETTLED", for logs and messages. */
export function statusName(status: ClaimStatus): string {
  return ClaimStatus[status] ?? String(status);
}
