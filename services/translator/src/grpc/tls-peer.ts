import type { PeerCertificate, TLSSocket } from "node:tls";

/** What the TLS handshake established about a call's client. */
export type TlsPeer =
  | { readonly kind: "plaintext" }
  /** TLS, with the certificate (if any) and Node's verdict on it (CA chain, dates, CRL). */
  | { readonly kind: "tls"; readonly authorized: boolean; readonly authorizationError: string | undefined; readonly certificate: PeerCertificate | undefined };

/**
 * The TLS facts of a call's connection. grpc-js's public `getAuthContext()` hides a certificate
 * that failed verification, so its reason (expired, unknown CA, revoked) could not be told to
 * the caller; this reads the connection's TLS socket from the call grpc-js hands the first
 * server interceptor (its `stream`). Fails closed: if that shape ever changes, the answer is
 * "tls" with nothing authorized, and every call is refused (the identity test catches it).
 */
export function tlsPeerOf(call: unknown): TlsPeer {
  const socket = (call as { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket as Partial<TLSSocket> | undefined;
  if (socket === undefined) return { kind: "tls", authorized: false, authorizationError: "TLS_STATE_UNAVAILABLE", certificate: undefined };
  if (typeof socket.getPeerCertificate !== "function") return { kind: "plaintext" };
  const cert = socket.getPeerCertificate();
  const authorizationError = socket.authorizationError;
  return {
    kind: "tls",
    authorized: socket.authorized === true,
    authorizationError: errorCodeOf(authorizationError),
    certificate: cert !== undefined && cert !== null && cert.raw !== undefined ? cert : undefined,
  };
}

/** Node reports the reason as an OpenSSL code string (CERT_HAS_EXPIRED) or an Error carrying one. */
function errorCodeOf(e: unknown): string | undefined {
  if (e === undefined || e === null) return undefined;
  if (typeof e === "string") return e;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : String(e);
}
