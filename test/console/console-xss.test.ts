// The console shows what platforms sent (names, institution codes and names, the message as
// received) and what the URL says; none of it may become markup. A claim planted through the
// gateway with `<img src=x onerror=…>` in its fields, a ledger entry whose claim id is markup
// (the console escapes even what only the hub writes), and a spot-check id in the URL that the
// server echoes in its 404: each page shows the text literally, no <img> appears in the
// document, no dialog opens and the CSP reports no blocked inline handler.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { jetstream } from "@nats-io/jetstream";
import type { Browser, Page } from "playwright-core";
import { clearingPeriod } from "@tongxing/auditor";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Subjects } from "@tongxing/nats";
import { ClaimStatus, LedgerEntryKind, LedgerEntrySchema } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";
import { launchChromium } from "./launch-chromium.js";

/** Markup as a platform could send it (27 characters: fits a 30-character institution code). */
const MARKUP = "<img src=x onerror=alert(1)>";
const FORGED_ID = "<img src=x onerror=alert(2)>";
const ECHOED_ID = "<img src=x onerror=alert(3)>";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let browser: Browser;
let plantedId: string;
let tokens: Record<string, string>;
const period = clearingPeriod(Date.now());

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "aud", role: "auditor", scope: "national", password: "aud-password-1" },
    { user: "insp", role: "inspector", scope: "national", password: "insp-password-1" },
  ]);
  const m = JSON.parse(new TextDecoder().decode(heldClaim(901, "60000.00"))) as Record<string, unknown> & { input: { data: Record<string, unknown> } };
  Object.assign(m, { fixmedins_code: MARKUP, fixmedins_name: MARKUP, opter_name: MARKUP });
  Object.assign(m.input.data, { psn_name: MARKUP, dise_name: MARKUP });
  const held = await shandong.settle(new TextEncoder().encode(JSON.stringify(m)));
  assert.equal(held.status, ClaimStatus.HELD, "the gateway accepts markup as text");
  plantedId = held.claimId;
  // Only the auditor posts to the ledger; the test's unrestricted NATS user forges one entry.
  const nc = await connectNats({ servers: hub.nats.url, name: "test-forged-ledger" });
  try {
    const entry = create(LedgerEntrySchema, { claimId: FORGED_ID, kind: LedgerEntryKind.SETTLEMENT, period, insuplcAdmdvs: "320100", mdtrtareaAdmvs: "370102", setlId: "S-forged", medfeeSumamt: 100n, fundPaySumamt: 60n, acctPay: 0n, postedAt: timestampFromMs(Date.now()) });
    await jetstream(nc).publish(Subjects.ledger("settlement", "Cf0f0f0f0f0f0f0f0f0f0f0f0"), toBinary(LedgerEntrySchema, entry));
  } finally {
    await nc.close();
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  shandong?.close();
  platforms?.close();
  await hub?.stop();
});

/** A signed-in page that records every dialog and every CSP refusal it sees. */
async function signIn(user: string, password: string): Promise<{ page: Page; alarms: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const alarms: string[] = [];
  page.on("dialog", (d) => {
    alarms.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) alarms.push(`csp: ${msg.text()}`);
  });
  await page.goto(`${hub.regulatorApiUrl}/console/`);
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#nav:not([hidden])");
  return { page, alarms };
}

async function assertInert(page: Page, alarms: readonly string[], where: string): Promise<void> {
  await page.waitForTimeout(300); // an injected <img src=x> fails to load (and fires onerror) at once
  assert.equal(await page.locator("img").count(), 0, `${where}: no <img> element made from data`);
  assert.deepEqual(alarms, [], `${where}: no dialog, no inline handler refused by the CSP`);
}

test("a planted claim's names, institution and message as received show as text on the review queue, search and claim pages", async () => {
  const { page, alarms } = await signIn("aud", "aud-password-1");
  const row = `tr[data-claim='${plantedId}']`;
  await page.goto(`${hub.regulatorApiUrl}/console/#/review?q=${plantedId}`);
  await page.waitForSelector(row);
  assert.match((await page.textContent(row)) ?? "", /<img src=x onerror=alert\(1\)>/);
  await assertInert(page, alarms, "review queue");

  await page.goto(`${hub.regulatorApiUrl}/console/#/claims?status=HELD`);
  await page.waitForSelector(row);
  assert.match((await page.textContent(row)) ?? "", /<img src=x onerror=alert\(1\)>/);
  await assertInert(page, alarms, "claims search");

  await page.goto(`${hub.regulatorApiUrl}/console/#/claims/${plantedId}?unmask=1`);
  await page.waitForSelector("#received-text");
  assert.match((await page.textContent("#person")) ?? "", /^<img src=x onerror=alert\(1\)> /, "unmasked name, as text");
  assert.match((await page.textContent("#received-text")) ?? "", /"fixmedins_name": "<img src=x onerror=alert\(1\)>"/);
  assert.match((await page.textContent("#record-claim")) ?? "", /<img src=x onerror=alert\(1\)>/);
  await assertInert(page, alarms, "claim page");
  await page.context().close();
});

test("an error that echoes the URL (a spot-check id the server does not know) shows as text", async () => {
  const { page, alarms } = await signIn("aud", "aud-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/spot-checks?id=${encodeURIComponent(ECHOED_ID)}`);
  await page.waitForSelector("main p.error");
  assert.match((await page.textContent("main p.error")) ?? "", /spot check <img src=x onerror=alert\(3\)> not found/);
  await assertInert(page, alarms, "error message");
  await page.context().close();
});

test("a claim id from the ledger shows as text in the flows drill-down and in a spot check's sample", async () => {
  const drawn = await callApi(hub.regulatorApiUrl, "/api/v1/spot-checks", { method: "POST", token: tokens.insp, body: { province: "37", period, sample_size: 1000, roster: ["张检", "李检"], seed: "xss-seed-0001" } });
  assert.equal(drawn.status, 201);
  assert.ok((drawn.json.draw as { sample: string[] }).sample.includes(FORGED_ID), "the forged entry is a candidate");
  const { page, alarms } = await signIn("aud", "aud-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/flows?period=${period}&treated=37&insured=32`);
  await page.waitForSelector("#drill-claims tr");
  assert.match((await page.textContent("#drill-claims")) ?? "", /<img src=x onerror=alert\(2\)>/);
  await assertInert(page, alarms, "flows drill-down");

  await page.goto(`${hub.regulatorApiUrl}/console/#/spot-checks?id=${String(drawn.json.id)}`);
  await page.waitForSelector("#sample li");
  assert.match((await page.textContent("#sample")) ?? "", /<img src=x onerror=alert\(2\)>/);
  await assertInert(page, alarms, "spot-check sample");
  await page.context().close();
});
