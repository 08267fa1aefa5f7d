import { RequestOne } from "@nats-io/nats-core/internal";

/**
 * A workaround for a cost in `@nats-io/nats-core` 3.x: `RequestOne.resolver` settles the
 * request's promise and then calls `cancel()`, which rejects that already settled promise with
 * a new `RequestError("cancelled")`. The rejection does nothing, but building the error captures
 * a stack trace on every successful request, KV get and JetStream publish: about a tenth of the
 * auditor's CPU at saturation (`docs/performance.md`).
 *
 * The fix marks a request once its resolver has run and then lets `cancel()` do only its
 * clean-up (the timer and the mux entry). A `cancel()` before any reply (connection closed,
 * subscription failure) still rejects as before. It wraps the library's own methods, so replies,
 * timeouts and no-responders errors behave as before; if a later version changes the class's
 * shape, the fix is not applied and {@link installSettledRequestCancel} says so (its test fails).
 */

const RESOLVED = Symbol("tongxing.request.resolved");
const INSTALLED = Symbol.for("tongxing.nats.settled-request-cancel");

interface PatchableRequest {
  [RESOLVED]?: boolean;
  timer?: { cancel(): void };
  mux: { cancel(r: unknown): void };
  resolver(err: Error | null, msg: unknown): void;
  cancel(err?: Error): void;
}

/** Applies the workaround once per process. Returns whether it is in place. */
export function installSettledRequestCancel(): boolean {
  const proto = RequestOne.prototype as unknown as PatchableRequest & { [INSTALLED]?: true };
  if (proto[INSTALLED] === true) return true;
  if (typeof proto.resolver !== "function" || typeof proto.cancel !== "function" || proto.resolver.length !== 2) return false;
  const resolver = proto.resolver;
  const cancel = proto.cancel;
  proto.resolver = function (this: PatchableRequest, err: Error | null, msg: unknown): void {
    this[RESOLVED] = true;
    resolver.call(this, err, msg);
  };
  proto.cancel = function (this: PatchableRequest, err?: Error): void {
    if (err === undefined && this[RESOLVED] === true) {
      // The promise is settled: only the clean-up the original does, without a dead rejection.
      this.timer?.cancel();
      this.mux.cancel(this);
      return;
    }
    cancel.call(this, err);
  };
  Object.defineProperty(proto, INSTALLED, { value: true });
  return true;
}
