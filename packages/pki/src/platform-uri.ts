/** The SAN URI that names a platform in its client certificate: urn:tongxing:platform:<id>. */
export const PLATFORM_URI_PREFIX = "urn:tongxing:platform:";

/** The SAN URI for a routing-table platform id. */
export function platformUri(platform: string): string {
  if (!/^[0-9A-Za-z_-]{1,32}$/.test(platform)) throw new Error(`platform id must be 1..32 of [0-9A-Za-z_-], got "${platform.slice(0, 40)}"`);
  return `${PLATFORM_URI_PREFIX}${platform}`;
}

/**
 * The platform ids named by a certificate's subjectAltName as Node prints it
 * (`URI:urn:tongxing:platform:37, DNS:…`). A certificate should name exactly one.
 */
export function platformsOfSubjectAltName(subjectAltName: string | undefined): string[] {
  if (subjectAltName === undefined) return [];
  const out: string[] = [];
  for (const entry of subjectAltName.split(/,\s*/)) {
    if (entry.startsWith(`URI:${PLATFORM_URI_PREFIX}`)) out.push(entry.slice(`URI:${PLATFORM_URI_PREFIX}`.length));
  }
  return out;
}
