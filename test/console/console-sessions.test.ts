// Console sessions end when they should, everywhere: signing out, a new password, or signing in
// again from the same browser ends the session for every request, and an open overview stream
// (server-sent events, which outlive the request that opened them) ends at its next frame too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createAccountStore, openConsoleBucket } from "@tongxing/auditor";
import { connectNats } from "@tongxing/nats";
import { startTestHub, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "./console-client.js";

let hub: TestHub;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  tokens = await createAccounts(hub.nats.url, [
    { user: "wu", role: "viewer", scope: "national", password: "wu-password-1" },
    { user: "zheng", role: "viewer", scope: "37", password: "zheng-password-1" },
  ]);
});

after(async () => {
  await hub?.stop();
});

const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(hub.regulatorApiUrl, path, init);

async function signIn(user: string, password: string, cookie?: string): Promise<{ cookie: string; csrf: string }> {
  const ok = await api("/api/v1/session", { method: "POST", body: { user, password }, ...(cookie === undefined ? {} : { cookie }) });
  assert.equal(ok.status, 200);
  return { cookie: (ok.headers.get("set-cookie") ?? "").split(";")[0] ?? "", csrf: String(ok.json.csrf_token) };
}

/** Opens the overview stream; `ended()` resolves true when the server ends it within `withinMs`, false when it is still open then. */
async function openStream(headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${hub.regulatorApiUrl}/api/v1/overview/stream`, { headers, signal: controller.signal });
  assert.equal(res.status, 200);
  const reader = res.body?.getReader();
  assert.ok(reader);
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /^event: overview\n/);
  return {
    async ended(withinMs: number): Promise<boolean> {
      const deadline = Date.now() + withinMs;
      try {
        while (Date.now() < deadline) {
          const timeout = new Promise<"open">((resolve) => setTimeout(() => resolve("open"), Math.max(1, deadline - Date.now())).unref());
          const next = await Promise.race([reader.read(), timeout]);
          if (next !== "open" && next.done) return true;
        }
        return false;
      } finally {
        controller.abort();
      }
    },
  };
}

test("signing out ends the session's overview stream at its next frame", async () => {
  const { cookie, csrf } = await signIn("wu", "wu-password-1");
  const stream = await openStream({ cookie });
  assert.equal((await api("/api/v1/session", { method: "DELETE", cookie, csrf })).status, 200);
  assert.equal((await api("/api/v1/overview", { cookie })).status, 401, "signed out");
  assert.equal(await stream.ended(6_000), true, "the stream ended (frames come every 2 s)");
});

test("a new password ends the account's sessions and their streams; a new sign-in works", async () => {
  const { cookie } = await signIn("zheng", "zheng-password-1");
  const stream = await openStream({ cookie });
  assert.equal((await api("/api/v1/session", { cookie })).status, 200);
  const nc = await connectNats({ servers: hub.nats.url, name: "test-password" });
  try {
    await createAccountStore(await openConsoleBucket(nc)).setPassword("zheng", "zheng-password-2");
  } finally {
    await nc.close();
  }
  // The console follows the accounts bucket by a watch: the change arrives within moments.
  let status = 200;
  for (let i = 0; i < 40 && status === 200; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    status = (await api("/api/v1/session", { cookie })).status;
  }
  assert.equal(status, 401, "the session opened under the old password ended");
  assert.equal(await stream.ended(6_000), true, "and so did its stream");
  const again = await signIn("zheng", "zheng-password-2");
  assert.equal((await api("/api/v1/review-queue", { cookie: again.cookie })).status, 200);
});

test("signing in from a browser that holds a session ends that session", async () => {
  const first = await signIn("wu", "wu-password-1");
  const second = await signIn("wu", "wu-password-1", first.cookie);
  assert.notEqual(second.cookie, first.cookie, "a new session id, never the one presented");
  assert.equal((await api("/api/v1/session", { cookie: first.cookie })).status, 401, "the replaced session ended");
  assert.equal((await api("/api/v1/session", { cookie: second.cookie })).json.user, "wu");
});

test("a bearer token's stream stays open while the token holds", async () => {
  const stream = await openStream({ authorization: `Bearer ${tokens.wu}` });
  assert.equal(await stream.ended(4_500), false, "two more frames and still open");
});

test("one account holds at most 8 overview streams at once: the ninth is refused with 429, and a closed one frees its place", async () => {
  const headers = { authorization: `Bearer ${tokens.zheng}` };
  const streams = [];
  for (let i = 0; i < 8; i++) streams.push(await openStream(headers));
  const ninth = await fetch(`${hub.regulatorApiUrl}/api/v1/overview/stream`, { headers });
  assert.equal(ninth.status, 429);
  assert.match(String(((await ninth.json()) as { error?: unknown }).error), /at most 8 overview streams/);
  assert.equal((await fetch(`${hub.regulatorApiUrl}/api/v1/overview/stream`, { headers: { authorization: `Bearer ${tokens.wu}` } }).then(async (r) => (await r.body?.cancel(), r.status))), 200, "another account is not held to zheng's count");
  await streams.pop()?.ended(1); // closes it (aborts the request)
  const deadline = Date.now() + 5_000;
  let status = 0;
  while (Date.now() < deadline) {
    const again = await fetch(`${hub.regulatorApiUrl}/api/v1/overview/stream`, { headers });
    status = again.status;
    await again.body?.cancel();
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 200, "a closed stream's place is free again");
  for (const s of streams) await s.ended(1);
});
