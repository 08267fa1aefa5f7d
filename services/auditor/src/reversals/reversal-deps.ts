import type { SettleDeps } from "../settle-deps.js";
import type { CrashPoint } from "./crash-point.js";

/** What the reversal steps need: the settlement steps' dependencies and the crash-point hook. */
export interface ReversalDeps extends SettleDeps {
  readonly crashPoint: CrashPoint;
}
