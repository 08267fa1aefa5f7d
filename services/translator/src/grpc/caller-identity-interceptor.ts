import type { PeerCertificate } from "node:tls";
import { ServerInterceptingCall, status as GrpcStatus, type Metadata, type ServerInterceptor } from "@grpc/grpc-js";
import { platformsOfSubjectAltName, PLATFORM_URI_PREFIX } from "@tongxing/pki";
import type { RoutingTable } from "@tongxing/routing";
import type { CallerIdentityConfig } from "../config/config.js";
import { emptyMetadata, PLATFORM_HEADER, VERIFIED_PLATFORM_KEY } from "./caller-platform.js";
import { tlsPeerOf } from "./tls-peer.js";

/** The hub's own services need an identity; health and reflection do not. */
const IDENTIFIED_SERVICE_PREFIX = "/tongxing.v1.";

type Identity = { readonly ok: true; readonly platform: string } | { readonly ok: false; readonly reason: string };

/** Why Node did not authorize a client certificate, as a rule and a sentence. */
function certificateProblem(code: string | undefined, cert: PeerCertificate | undefined): string {
  const which = cert === undefined ? "the client certificate" : `the client certificate (serial ${cert.serialNumber}, subject CN=${cert.subject?.CN ?? "?"})`;
  switch (code) {
    case "CERT_HAS_EXPIRED":
      return `identity.certificate-expired: ${which} expired at ${cert?.valid_to ?? "?"}; ask for a new one`;
    case "CERT_NOT_YET_VALID":
      return `identity.certificate-not-yet-valid: ${which} is valid only from ${cert?.valid_from ?? "?"}`;
    case "CERT_REVOKED":
      return `identity.certificate-revoked: ${which} is on the hub's certificate revocation list`;
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "CERT_SIGNATURE_FAILURE":
      return `identity.untrusted-ca: ${which} is not issued by a CA the hub trusts (issuer CN=${cert?.issuer?.CN ?? "?"})`;
    case "UNABLE_TO_GET_CRL":
      return `identity.crl: the hub has no CRL for the issuer of ${which}`;
    default:
      return `identity.client-certificate: ${which} was not accepted (${code ?? "unknown reason"})`;
  }
}

/** The platform of the TLS peer: a verified certificate naming exactly one SAN URI urn:tongxing:platform:<id>. */
function platformOfPeer(call: unknown, metadata: Metadata): Identity {
  const peer = tlsPeerOf(call);
  if (peer.kind === "plaintext") return { ok: false, reason: "identity.tls: the hub speaks mTLS only; connect with TLS and your client certificate" };
  const cert = peer.certificate;
  if (cert === undefined) return { ok: false, reason: "identity.client-certificate: no client certificate; connect with mTLS (grpcurl: -cacert ca.pem -cert platform.pem -key platform-key.pem)" };
  if (!peer.authorized) return { ok: false, reason: certificateProblem(peer.authorizationError, cert) };
  const platforms = platformsOfSubjectAltName(cert.subjectaltname);
  if (platforms.length !== 1) {
    return { ok: false, reason: `identity.platform-uri: the client certificate (serial ${cert.serialNumber}) must name exactly one platform as SAN URI ${PLATFORM_URI_PREFIX}<id>; it names ${platforms.length}` };
  }
  const platform = platforms[0] as string;
  const header = metadata.get(PLATFORM_HEADER);
  if (header.length > 0 && (header.length !== 1 || header[0] !== platform)) {
    return { ok: false, reason: `identity.header-mismatch: the client certificate is platform ${platform} but header ${PLATFORM_HEADER} names another; identity comes from the certificate alone` };
  }
  return { ok: true, platform };
}

/** Development identity: the x-tongxing-platform header, unverified. */
function platformOfHeader(metadata: Metadata): Identity {
  const values = metadata.get(PLATFORM_HEADER);
  const id = values.length === 1 && typeof values[0] === "string" ? values[0] : undefined;
  if (id === undefined || id === "") return { ok: false, reason: `identity.header: metadata header ${PLATFORM_HEADER} (your platform id, e.g. "37") is required` };
  return { ok: true, platform: id };
}

/**
 * The one place a call's caller is identified: from the client certificate (mTLS) or, behind the
 * development switch, the header. It strips any client-sent verified-platform key, sets it from
 * the identity, and answers UNAUTHENTICATED (naming the rule) before a hub handler runs when
 * there is no identity or the platform is not in the routing table.
 */
export function createCallerIdentityInterceptor(identity: CallerIdentityConfig, routing: RoutingTable): ServerInterceptor {
  return (method, call) =>
    new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            metadata.remove(VERIFIED_PLATFORM_KEY);
            if (!method.path.startsWith(IDENTIFIED_SERVICE_PREFIX)) return mdNext(metadata);
            let found = identity.kind === "mtls" ? platformOfPeer(call, metadata) : platformOfHeader(metadata);
            if (found.ok && routing.platform(found.platform) === undefined) {
              found = { ok: false, reason: `identity.known-platform: platform "${found.platform.slice(0, 40)}" is not in the routing table` };
            }
            if (!found.ok) {
              call.sendStatus({ code: GrpcStatus.UNAUTHENTICATED, details: found.reason, metadata: emptyMetadata() });
              return;
            }
            metadata.set(VERIFIED_PLATFORM_KEY, found.platform);
            mdNext(metadata);
          },
        }),
    });
}
