import { randomBytes } from "node:crypto";

/** A new W3C trace id: 32 lowercase hex characters, not all zero. */
export function newTraceId(): string {
  return randomBytes(16).toString("hex");
}
