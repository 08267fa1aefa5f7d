/** Console roles: what an account may do beyond reading its scope's claims. */
export const Role = {
  /** Reads claims (personal identifiers masked). */
  VIEWER: "viewer",
  /** Reads, and approves or rejects held claims. */
  REVIEWER: "reviewer",
  /** Reads, and draws and records spot checks. */
  INSPECTOR: "inspector",
  /** Reads, and may unmask personal identifiers (each unmask goes to the audit chain). */
  AUDITOR: "auditor",
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = Object.values(Role);

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** "national", or a two-digit province code (the first two digits of an admdvs code). */
export type Scope = "national" | string;

/** A sign-in name: ASCII letters, digits, '-' and '_' (it is part of a KV key). */
export const USER_NAME = /^[A-Za-z0-9_-]{2,64}$/;
export const PROVINCE_SCOPE = /^[1-9][0-9]$/;

export function isScope(text: string): boolean {
  return text === "national" || PROVINCE_SCOPE.test(text);
}

/** An account as stored (the password only as its scrypt hash). */
export interface Account {
  readonly user: string;
  readonly displayName: string;
  readonly role: Role;
  readonly scope: Scope;
  /** `scrypt$N$r$p$salt-base64$hash-base64`. */
  readonly passwordHash: string;
  readonly createdAt: string;
}

/** What the rest of the console knows of who is calling. */
export interface Principal {
  readonly user: string;
  readonly displayName: string;
  readonly role: Role;
  readonly scope: Scope;
}

/** Whether a scope covers a claim: national covers all, a province the claims it treated or insures. */
export function scopeCovers(scope: Scope, treatmentAdmdvs: string, insuredAdmdvs: string): boolean {
  return scope === "national" || treatmentAdmdvs.startsWith(scope) || insuredAdmdvs.startsWith(scope);
}
