// The console in Chromium, beyond console-e2e: the clearing page's reconciliation status per
// platform and closing a period (a national auditor; a second close refused, naming the root);
// a session opened on one auditor instance used on a second; and a claims search on an instance
// that reads at most 3 records showing that its results are incomplete; an auditor's unmask, shown
// in clear and written to the audit chain. Screenshots as console-e2e.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import type { Browser, Page } from "playwright-core";
import { clearingPeriod, createAuditor, type Auditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, Reconciliation, ReconcileSide, ReconcileTotalsRequestSchema, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createLogger } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { createAccounts } from "./console-client.js";
import { launchChromium } from "./launch-chromium.js";

const SHOTS = fileURLToPath(new URL(process.env.UPDATE_DOC_SCREENSHOTS === "1" ? "../../docs/regulators/" : "../../reports/console-screenshots/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let browser: Browser;
let second: Auditor;
const settled: SettleClaimResponse[] = [];
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  second = createAuditor(
    { natsUrl: hub.nats.url, natsUser: hub.natsUsers.auditor.user, natsPassword: hub.natsUsers.auditor.pass, regulatorApiAddress: "127.0.0.1:0", searchScanLimit: 3 },
    createLogger({ service: "auditor-2", level: "warn" }),
  );
  await second.start();
  await createAccounts(hub.nats.url, [
    { user: "chen", displayName: "陈审计", role: "auditor", scope: "national", password: "chen-password-1" },
    { user: "zhou", displayName: "周查看", role: "viewer", scope: "national", password: "zhou-password-1" },
  ]);
  for (let i = 0; i < 5; i++) settled.push(await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 60 + i, seed: 60 + i }).payload));
  assert.ok(settled.every((s) => s.status === ClaimStatus.SETTLED));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await second?.stop();
  shandong.close();
  platforms.close();
  await hub.stop();
});

function reconcileTotals(platform: string, side: ReconcileSide, totals: unknown) {
  const c = createGrpcClient(Reconciliation, hub.address, { credentials: hub.pki.credentials(platform) });
  return callUnary(c, Reconciliation.method.reconcileTotals as never, create(ReconcileTotalsRequestSchema, { date: today, side, totals } as never) as never, { timeoutMs: 10_000 }).finally(() => c.close()) as unknown as Promise<{ matched: boolean }>;
}

async function signIn(baseUrl: string, user: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  context.setDefaultTimeout(60_000); // a shared, busy machine: generous, never a timing assert
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console/`);
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#nav:not([hidden])");
  return page;
}

test("the clearing page shows each platform's reconciliation, and a national auditor closes the period once", async () => {
  const a = (s: SettleClaimResponse) => s.settlement!.adjudication!;
  const totals = { count: settled.length, medfeeSumamt: settled.reduce((x, s) => x + a(s).medfeeSumamt!, 0n), fundPaySumamt: settled.reduce((x, s) => x + a(s).fundPaySumamt!, 0n), acctPay: settled.reduce((x, s) => x + a(s).acctPay!, 0n) };
  assert.equal((await reconcileTotals("37", ReconcileSide.TREATMENT, totals)).matched, true);
  assert.equal((await reconcileTotals("32", ReconcileSide.INSURED, { ...totals, count: totals.count - 1 })).matched, false);
  const period = clearingPeriod(Date.now());

  const viewer = await signIn(hub.regulatorApiUrl, "zhou", "zhou-password-1");
  await viewer.goto(`${hub.regulatorApiUrl}/console/#/clearing?period=${period}`);
  const cell = (platform: string, side: string) => `tr[data-platform='${platform}'] td[data-side='${side}']`;
  await viewer.waitForSelector(cell("37", "treatment"));
  assert.equal(await viewer.textContent(cell("37", "treatment")), "一致 · 1 天一致");
  assert.equal(await viewer.getAttribute(cell("32", "insured"), "data-status"), "mismatched");
  assert.equal(await viewer.textContent(cell("32", "insured")), `不一致${today}`, "the day that did not match");
  assert.equal(await viewer.textContent(cell("37", "insured")), "尚未对账");
  assert.equal(await viewer.getAttribute(cell("44", "treatment"), "data-status"), "not-yet", "every platform is listed");
  assert.equal(await viewer.locator("#close-start").count(), 0, "a viewer has no close button");
  await viewer.context().close();

  const first = await signIn(hub.regulatorApiUrl, "chen", "chen-password-1");
  const other = await signIn(hub.regulatorApiUrl, "chen", "chen-password-1");
  for (const p of [first, other]) {
    await p.goto(`${hub.regulatorApiUrl}/console/#/clearing?period=${period}`);
    await p.waitForSelector("#recon");
    assert.equal(await p.textContent("#closed"), "未结账");
    await p.click("#close-start");
    await p.waitForSelector("#close-confirm");
  }
  assert.match((await first.textContent("#close-confirm")) ?? "", new RegExp(`确认结账 ${period}`));
  await first.click("#close-do");
  await first.waitForSelector("#close-result.ok");
  const root = /([0-9a-f]{64})/.exec((await first.textContent("#close-result")) ?? "")?.[1];
  assert.ok(root, "the root hash is shown");
  assert.equal(await first.textContent("#closed"), `已结账，审计链根 ${root.slice(0, 16)}…`);
  await first.screenshot({ path: `${SHOTS}clearing-close.png`, fullPage: true });

  // the second tab still offers the close: the server refuses it and names the root
  await other.click("#close-do");
  await other.waitForSelector("#close-result.error");
  assert.match((await other.textContent("#close-result")) ?? "", new RegExp(`未结账：period ${period} is already closed with root hash ${root}`));
  await other.reload();
  await other.waitForSelector("#recon");
  assert.match((await other.textContent("#closed")) ?? "", new RegExp(`^已结账，审计链根 ${root.slice(0, 16)}… · 结账人 陈审计 \\(chen\\)`));
  assert.equal(await other.locator("#close-start").count(), 0, "no close button on a closed period");
  await first.context().close();
  await other.context().close();
});

test("a session opened on one auditor instance works on a second; a search that read only 3 records says so", async () => {
  const page = await signIn(hub.regulatorApiUrl, "zhou", "zhou-password-1");
  // the same browser, the other instance (cookies are per host, not per port): still signed in
  await page.goto(`${second.regulatorApiUrl}/console/#/claims?status=SETTLED`);
  await page.waitForSelector("#nav:not([hidden])");
  assert.match((await page.textContent("#who")) ?? "", /^周查看/);
  await page.waitForSelector("#truncated");
  assert.match((await page.textContent("#truncated")) ?? "", /结果不完整：.*上限 3 笔，本次只读取了 3 笔/);
  await page.screenshot({ path: `${SHOTS}claims-truncated.png`, fullPage: true });
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims?status=SETTLED`);
  await page.waitForSelector("#claims");
  assert.equal(await page.locator("#truncated").count(), 0, "the unlimited instance read everything");
  // signing out on the second instance signs out on the first
  await page.goto(`${second.regulatorApiUrl}/console/#/overview`);
  await page.waitForSelector("#sign-out:not([hidden])");
  await page.click("#sign-out");
  await page.waitForSelector("form#sign-in");
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims`);
  await page.waitForSelector("form#sign-in");
  await page.context().close();
});

test("an auditor unmasks a claim's personal identifiers; the unmask is itself in the audit chain; a viewer has no link", async () => {
  const claimId = settled[0]!.claimId;
  const viewer = await signIn(hub.regulatorApiUrl, "zhou", "zhou-password-1");
  await viewer.goto(`${hub.regulatorApiUrl}/console/#/claims/${claimId}?unmask=1`);
  await viewer.waitForSelector("#timeline");
  assert.match((await viewer.textContent("#person")) ?? "", /\*/, "a viewer sees the identifiers masked, even asking with unmask=1");
  assert.equal(await viewer.locator("#unmask").count(), 0);
  await viewer.context().close();

  const page = await signIn(hub.regulatorApiUrl, "chen", "chen-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims/${claimId}`);
  await page.waitForSelector("#unmask");
  assert.match((await page.textContent("#person")) ?? "", /\*/, "masked until asked");
  await page.click("#unmask");
  await page.waitForSelector("#chain-only");
  assert.doesNotMatch((await page.textContent("#person")) ?? "", /\*/, "in clear");
  assert.match((await page.textContent("#chain-only")) ?? "", /陈审计 \(chen\): unmasked personal identifiers/);
  await page.context().close();
});
