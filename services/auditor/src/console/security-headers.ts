import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The pages' Content-Security-Policy. Scripts only from the console's own files (no inline code,
 * so markup that slipped into a page could not run a handler); `base-uri 'none'` because a
 * script-less `<base href>` would point every relative link (the evidence download, the API)
 * elsewhere; forms post nowhere else; no page may frame the console (clickjacking: with
 * X-Frame-Options for older browsers); no plugins.
 */
export const CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Headers on every console answer. API answers are `no-store`: they carry personal data (masked,
 * or unmasked for an auditor) that neither the browser's cache nor a proxy may keep.
 */
export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header("x-content-type-options", "nosniff").header("x-frame-options", "DENY").header("referrer-policy", "same-origin");
  if (req.url.startsWith("/api/")) void reply.header("cache-control", "no-store");
  if (String(reply.getHeader("content-type") ?? "").startsWith("text/html")) void reply.header("content-security-policy", CONSOLE_CSP);
}
