import { readFileSync } from "node:fs";
import { ServerCredentials, type Metadata, type ServerUnaryCall } from "@grpc/grpc-js";

/** grpc-js does not export its AuthContext type; it is what a call's getAuthContext returns. */
type AuthContext = ReturnType<ServerUnaryCall<unknown, unknown>["getAuthContext"]>;

/** How the kit serves: mutual TLS with the hub's CA, or plaintext when asked explicitly. */
export type KitTls = { readonly caPath: string; readonly certPath: string; readonly keyPath: string } | { readonly insecure: true };

/** The platform id in a client certificate's SAN URI. */
export const PLATFORM_URI_PATTERN = /URI:urn:tongxing:platform:(\d{2})\b/;

/** Server credentials: TLS that requires and verifies a client certificate, or insecure. */
export function serverCredentialsOf(tls: KitTls): ServerCredentials {
  if ("insecure" in tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    readFileSync(tls.caPath),
    [{ private_key: readFileSync(tls.keyPath), cert_chain: readFileSync(tls.certPath) }],
    true,
  );
}

/** Who connected: the platform named by the client certificate (TLS) or by x-tongxing-platform. */
export interface PeerIdentity {
  readonly platform: string;
  /** Where the platform id came from: the verified client certificate, or the development header. */
  readonly via: "certificate" | "header";
  /** Why the identity does not meet TLS-01, when it does not. */
  readonly problem?: string;
}

/** The caller's platform: its certificate's SAN URI under TLS, else the development header. */
export function peerIdentityOf(auth: AuthContext, metadata: Metadata, tls: KitTls): PeerIdentity {
  const header = String(metadata.get("x-tongxing-platform")[0] ?? "");
  if ("insecure" in tls) return { platform: header, via: "header" };
  const san = auth.sslPeerCertificate?.subjectaltname ?? "";
  const m = PLATFORM_URI_PATTERN.exec(san);
  if (m === null) return { platform: header, via: "header", problem: `client certificate has no SAN URI urn:tongxing:platform:NN (SAN: "${san}")` };
  return { platform: m[1] as string, via: "certificate" };
}
