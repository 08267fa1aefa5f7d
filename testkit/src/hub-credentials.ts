import { credentials as grpcCredentials, type ChannelCredentials } from "@grpc/grpc-js";
import type { PlatformSigner } from "@tongxing/pki";
import type { TestPki } from "./test-pki.js";

/** The PKI of each running test hub's gRPC address (mTLS); absent for a development-header hub. */
const pkiByAddress = new Map<string, TestPki>();

/** Records that the hub at `address` speaks mTLS with this PKI's certificates. */
export function registerHubPki(address: string, pki: TestPki): void {
  pkiByAddress.set(address, pki);
}

export function unregisterHubPki(address: string): void {
  pkiByAddress.delete(address);
}

/** The PKI directory of the test hub at `address` (for other processes calling it), if it speaks mTLS. */
export function hubPkiDir(address: string): string | undefined {
  return pkiByAddress.get(address)?.paths.dir;
}

/**
 * Channel credentials to call the test hub at `address` as `platform`: that platform's client
 * certificate when the hub speaks mTLS (the default), plaintext for a development-header hub.
 */
export function platformCredentials(address: string, platform: string): ChannelCredentials {
  const pki = pkiByAddress.get(address);
  return pki === undefined ? grpcCredentials.createInsecure() : pki.credentials(platform);
}

/**
 * Metadata that names the caller: empty for an mTLS hub (the certificate does it), the
 * x-tongxing-platform header for a development-header hub.
 */
export function platformMetadata(address: string, platform: string): Record<string, string> {
  return pkiByAddress.has(address) ? {} : { "x-tongxing-platform": platform };
}

/** Each running test hub's platform signing keys (SM2), by gRPC address. */
const signersByAddress = new Map<string, ReadonlyMap<string, PlatformSigner>>();

/** Records the platform keys the hub at `address` has in its platform-keys store. */
export function registerHubSigners(address: string, signers: ReadonlyMap<string, PlatformSigner>): void {
  signersByAddress.set(address, signers);
}

export function unregisterHubSigners(address: string): void {
  signersByAddress.delete(address);
}

/** The signer of `platform` for the test hub at `address` (undefined for another hub). */
export function platformSigner(address: string, platform: string): PlatformSigner | undefined {
  return signersByAddress.get(address)?.get(platform);
}
