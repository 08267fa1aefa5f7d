// A small HTTP client for the console API in tests: bearer-token or cookie-session callers.
import { connectNats } from "@tongxing/nats";
import { createAccountStore, openConsoleBucket, type Role } from "@tongxing/auditor";
import { buildNhsaSettleMessage } from "@tongxing/loadtest";

export interface ApiAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly headers: Headers;
}

/** Calls the console API; `auth` is a bearer token, or a cookie + CSRF token pair. */
export async function callApi(baseUrl: string, path: string, init: { method?: string; body?: unknown; token?: string; cookie?: string; csrf?: string } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = init.body === undefined ? {} : { "content-type": "application/json" };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.cookie !== undefined) headers.cookie = init.cookie;
  if (init.csrf !== undefined) headers["x-csrf-token"] = init.csrf;
  const res = await fetch(`${baseUrl}${path}`, { method: init.method ?? "GET", headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await res.text();
  return { status: res.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), headers: res.headers };
}

/** Creates console accounts in the hub's NATS; returns a bearer token per user. */
export async function createAccounts(natsUrl: string, accounts: readonly { user: string; role: Role; scope: string; password?: string; displayName?: string }[]): Promise<Record<string, string>> {
  const nc = await connectNats({ servers: natsUrl, name: "test-accounts" });
  try {
    const store = createAccountStore(await openConsoleBucket(nc));
    const tokens: Record<string, string> = {};
    for (const a of accounts) {
      await store.create({ user: a.user, role: a.role, scope: a.scope, password: a.password ?? `${a.user}-password-1`, ...(a.displayName === undefined ? {} : { displayName: a.displayName }) });
      tokens[a.user] = await store.issueToken(a.user);
    }
    return tokens;
  } finally {
    await nc.close();
  }
}

/** An outpatient claim of `yuan` (a decimal text) treated in 370102 and insured in 320100: above 20,000.00 it is held (R1). */
export function heldClaim(seq: number, yuan: string): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as unknown as { input: Record<string, unknown> & { data: Record<string, unknown> } };
  m.input.feedetail = [];
  Object.assign(m.input.data, { medfee_sumamt: yuan, inscp_scp_amt: yuan, fulamt_ownpay_amt: "0.00", overlmt_selfpay: "0.00", preselfpay_amt: "0.00" });
  return new TextEncoder().encode(JSON.stringify(m));
}
