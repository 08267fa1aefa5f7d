import { readFileSync } from "node:fs";
import { credentials as grpcCredentials, type ChannelCredentials } from "@grpc/grpc-js";
import type { PkiPaths } from "@tongxing/pki";

/**
 * Each platform's mTLS channel credentials from a PKI directory (`npm start`'s .data/pki): the
 * hub's CA and the platform's client certificate and key. Cached per platform.
 */
export function platformCredentialsFromPki(paths: PkiPaths): (platform: string) => ChannelCredentials {
  const ca = readFileSync(paths.caCert);
  const cache = new Map<string, ChannelCredentials>();
  return (platform) => {
    let c = cache.get(platform);
    if (c === undefined) {
      c = grpcCredentials.createSsl(ca, readFileSync(paths.platformKey(platform)), readFileSync(paths.platformCert(platform)));
      cache.set(platform, c);
    }
    return c;
  };
}
