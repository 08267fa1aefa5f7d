/**
 * The console's own KV bucket: `account.<user>` (JSON account with its scrypt hash),
 * `token.<sha256 of token>` (the user a script token signs in as) and `pending.<claim id>`
 * (a first approval waiting for a second reviewer).
 */
export const CONSOLE_BUCKET = "console";

export const accountKey = (user: string): string => `account.${user}`;
export const tokenKey = (tokenHashHex: string): string => `token.${tokenHashHex}`;
export const pendingApprovalKey = (claimId: string): string => `pending.${claimId}`;
