import type { PlatformEntry } from "@tongxing/routing";
import type { Dialect } from "@tongxing/dialects";

/**
 * The dialect as a given platform speaks it: bound to that platform's keys (from its routing
 * entry) and the hub's signing key, for dialects with message security; otherwise unchanged.
 */
export function bindSecurity(dialect: Dialect, platform: PlatformEntry | undefined, hubPrivateKeyPem: string | undefined): Dialect {
  const keys = platform?.security;
  if (dialect.withSecurity === undefined || keys === undefined) return dialect;
  return dialect.withSecurity({
    ...(keys.sm4Key === undefined ? {} : { symmetricKeyHex: keys.sm4Key }),
    ...(keys.sm2PublicKey === undefined ? {} : { peerPublicKeyPem: keys.sm2PublicKey }),
    ...(hubPrivateKeyPem === undefined ? {} : { hubPrivateKeyPem }),
  });
}
