import type { ServerDuplexStream } from "@grpc/grpc-js";
import type { ConnectRequest, ConnectResponse } from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { toStatus } from "../grpc/to-status.js";
import { LinkSession } from "../link/link-session.js";
import type { RouteContext } from "./context.js";

/**
 * ProvinceLink.Connect: the platform names itself (x-tongxing-platform), opens with Hello
 * (its window), then receives claims and results and answers each delivery.
 */
export function connectRoute(ctx: RouteContext, sessions: Set<LinkSession>) {
  return (call: ServerDuplexStream<ConnectRequest, ConnectResponse>): void => {
    let session: LinkSession | undefined;
    const fail = (err: unknown) => {
      session?.close("error");
      if (!call.destroyed) call.emit("error", toStatus(err, ctx.log));
    };
    let platform: string;
    try {
      platform = callerPlatform(call.metadata, ctx.routing);
    } catch (err) {
      return fail(err);
    }
    const helloTimer = setTimeout(
      () => fail(new HubError(HubErrorCode.FAILED_PRECONDITION, `no Hello within ${ctx.config.linkHelloTimeoutMs} ms`)),
      ctx.config.linkHelloTimeoutMs,
    );
    helloTimer.unref();

    call.on("data", (request: ConnectRequest) => {
      if (session === undefined) {
        if (request.msg.case !== "hello") return fail(new HubError(HubErrorCode.FAILED_PRECONDITION, "the first message must be Hello"));
        clearTimeout(helloTimer);
        const asked = request.msg.value.maxInFlight;
        const window = asked === 0 ? ctx.config.linkDefaultWindow : Math.min(asked, ctx.config.linkMaxWindow);
        const s = new LinkSession(call, platform, window, ctx, request.msg.value.dialectPayloads);
        session = s;
        sessions.add(s);
        s.run().catch(fail);
        return;
      }
      session.onRequest(request).catch(fail);
    });
    const end = (reason: string) => () => {
      clearTimeout(helloTimer);
      if (session !== undefined) {
        session.close(reason);
        sessions.delete(session);
      }
    };
    call.on("end", end("platform ended the stream"));
    call.on("cancelled", end("cancelled"));
    call.on("error", end("stream error"));
    call.on("close", end("closed"));
  };
}
