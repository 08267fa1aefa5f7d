import { ServerCredentials } from "@grpc/grpc-js";
import type { TranslatorTlsOptions } from "../config/config.js";

/**
 * Server credentials that ask every client for a certificate and have Node verify it against the
 * configured CA bundle, dates and CRL (grpc-js's `createSsl` takes no CRL, so this passes Node's
 * TLS options itself). The connection is not dropped on a bad certificate: Node would close it
 * without telling the client why. The caller identity interceptor refuses each call instead,
 * UNAUTHENTICATED with the reason (expired, unknown CA, revoked, none).
 */
class MtlsServerCredentials extends ServerCredentials {
  constructor(tls: TranslatorTlsOptions) {
    super(
      { requestCert: true, rejectUnauthorized: false },
      { ca: tls.caPem, cert: tls.certPem, key: tls.keyPem, ...(tls.crlPem === undefined ? {} : { crl: tls.crlPem }), minVersion: "TLSv1.2" },
    );
  }

  override _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

/** mTLS server credentials for the gRPC edge. */
export function createMtlsServerCredentials(tls: TranslatorTlsOptions): ServerCredentials {
  return new MtlsServerCredentials(tls);
}
