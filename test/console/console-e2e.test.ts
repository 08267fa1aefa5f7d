// The regulators' console in a real browser (Debian's Chromium through playwright-core) against a
// running hub with simulated provinces: sign-in, live overview, a held claim found by filter and
// approved by two reviewers (four eyes) until it shows settled, a viewer who cannot approve, a
// province that cannot open another's claim, the message as received on the claim page (a
// jinbao-legacy GBK file field by field, an nhsa-json message pretty-printed, both masked), and
// the English switch. Saves a screenshot of each
// page to reports/console-screenshots/, or to docs/regulators/ (the docs' pictures) with
// UPDATE_DOC_SCREENSHOTS=1.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { verifyEvidence } from "@tongxing/auditor";
import { jinbaoLegacyDialect, nhsaJsonDialect } from "@tongxing/dialects";
import { ClaimStatus } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { createAccounts, heldClaim } from "./console-client.js";
import { launchChromium } from "./launch-chromium.js";

const SHOTS = fileURLToPath(new URL(process.env.UPDATE_DOC_SCREENSHOTS === "1" ? "../../docs/regulators/" : "../../reports/console-screenshots/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let browser: Browser;
let heldId: string;
let traffic: { stop: boolean; done: Promise<void> };

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  await createAccounts(hub.nats.url, [
    { user: "wang", displayName: "王审核", role: "reviewer", scope: "national", password: "wang-password-1" },
    { user: "li", displayName: "李审核", role: "reviewer", scope: "national", password: "li-password-1" },
    { user: "zhou", displayName: "周查看", role: "viewer", scope: "national", password: "zhou-password-1" },
    { user: "gd", displayName: "广东局", role: "reviewer", scope: "44", password: "gd-password-1" },
    { user: "insp", displayName: "孙检查", role: "inspector", scope: "national", password: "insp-password-1" },
  ]);
  const held = await shandong.settle(heldClaim(7, "60000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  heldId = held.claimId;
  // A slow stream of ordinary claims so the overview has live figures.
  const state = { stop: false, done: Promise.resolve() };
  state.done = (async () => {
    for (let seq = 100; !state.stop; seq++) {
      await shandong.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).payload).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  traffic = state;
  await mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  traffic.stop = true;
  await traffic.done;
  await browser?.close();
  shandong.close();
  platforms.close();
  await hub.stop();
});

/** Polls an element's text from the test side (the console's CSP forbids evaluating strings in the page). */
async function waitForText(page: Page, selector: string, ok: (text: string | null) => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok(await page.textContent(selector).catch(() => null))) {
    if (Date.now() > until) throw new Error(`${selector}: text never fitted (last: ${await page.textContent(selector).catch(() => null)})`);
    await page.waitForTimeout(250);
  }
}

async function signIn(user: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  context.setDefaultTimeout(60_000); // a shared, busy machine: generous, never a timing assert
  const page = await context.newPage();
  await page.goto(`${hub.regulatorApiUrl}/console/`);
  await page.fill("input[name=user]", user);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#nav:not([hidden])");
  return page;
}

test("sign-in, then the overview shows non-zero live figures and platform tiles", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const anonymous = await context.newPage();
  await anonymous.goto(`${hub.regulatorApiUrl}/console/`);
  await anonymous.waitForSelector("form#sign-in");
  assert.equal(await anonymous.textContent("form#sign-in h1"), "监管人员登录", "Chinese by default");
  await anonymous.fill("input[name=user]", "wang");
  await anonymous.fill("input[name=password]", "not-the-password");
  await anonymous.click("button[type=submit]");
  await anonymous.waitForSelector("#sign-in-error:text('用户名或密码错误')");
  await anonymous.screenshot({ path: `${SHOTS}sign-in.png` });
  await context.close();

  const page = await signIn("wang", "wang-password-1");
  await waitForText(page, "[data-outcome=SETTLED] [data-figure=count]", (t) => Number(t) > 0);
  await waitForText(page, "[data-outcome=SETTLED] [data-figure=rate]", (t) => Number(t) > 0);
  assert.match((await page.textContent("[data-outcome=SETTLED] [data-figure=p50]")) ?? "", /^[0-9.]+ ms$/);
  assert.match((await page.getAttribute("[data-platform='37']", "class")) ?? "", /\bup\b/);
  assert.match((await page.getAttribute("[data-platform='44']", "class")) ?? "", /\bunknown\b/);
  await page.click("#pause");
  const frozen = await page.textContent("[data-outcome=SETTLED] [data-figure=count]");
  await page.waitForTimeout(4500);
  assert.equal(await page.textContent("[data-outcome=SETTLED] [data-figure=count]"), frozen, "paused: no new frames applied");
  await page.click("#pause");
  await waitForText(page, "[data-outcome=SETTLED] [data-figure=count]", (t) => t !== frozen);
  await page.screenshot({ path: `${SHOTS}overview.png`, fullPage: true });
  await page.context().close();
});

test("a planted held claim is found by filter, approved by one reviewer, confirmed by a second, then shows settled", async () => {
  const first = await signIn("wang", "wang-password-1");
  await first.goto(`${hub.regulatorApiUrl}/console/#/review`);
  await first.fill("#filter", heldId);
  await first.press("#filter", "Enter");
  await first.waitForURL(new RegExp(`#/review\\?q=${heldId}$`), { timeout: 10_000 });
  const row = `tr[data-claim='${heldId}']`;
  await first.waitForSelector(row);
  assert.equal(await first.locator("tr[data-claim]").count(), 1, "the filter leaves the planted claim");
  assert.match((await first.textContent(`${row} td.num`)) ?? "", /¥60,000\.00/);
  assert.match((await first.textContent(row)) ?? "", /R1/);
  await first.fill(`${row} .reason`, "住院病历齐全");
  await first.click(`${row} button.approve`);
  await first.waitForSelector(`${row} .outcome:text('已记录首次批准，等待第二名审核员确认')`);
  await first.screenshot({ path: `${SHOTS}review.png`, fullPage: true });
  // The same reviewer again: refused.
  await first.fill(`${row} .reason`, "再次确认");
  await first.click(`${row} button.approve`);
  await first.waitForSelector(`${row} .outcome.error`);
  await first.context().close();

  const second = await signIn("li", "li-password-1");
  await second.goto(`${hub.regulatorApiUrl}/console/#/review?q=${heldId}`);
  await second.waitForSelector(`${row} .pending:text('王审核')`);
  await second.fill(`${row} .reason`, "复核同意");
  await second.click(`${row} button.approve`);
  await second.waitForSelector(`${row} .outcome:text('已处理：已结算')`);
  assert.equal((await shandong.get(heldId)).record?.status, ClaimStatus.SETTLED);

  await second.goto(`${hub.regulatorApiUrl}/console/#/claims/${heldId}`);
  await second.waitForSelector("#timeline tr[data-status=SETTLED]");
  assert.equal(await second.textContent("#claim-status"), "已结算");
  const verified = await second.locator("#timeline td.verified").allTextContents();
  assert.ok(verified.length >= 7 && verified.every((v) => v === "✓ 完整"), verified.join(","));
  // the decoded record: canonical claim, adjudication, verdict and the review, identifiers masked
  await second.click("#record-claim summary");
  const canonical = JSON.parse((await second.textContent("#record-claim pre")) ?? "{}") as { mdtrtareaAdmvs?: string; person?: { psnNo?: string } };
  assert.equal(canonical.mdtrtareaAdmvs, "370102");
  assert.match(canonical.person?.psnNo ?? "", /\*/, "masked");
  assert.match((await second.textContent("#record-verdict pre")) ?? "", /"ruleId": "R1"/);
  assert.match((await second.textContent("#record-review pre")) ?? "", /复核同意/);
  assert.equal(await second.locator("#record-adjudication").count(), 1);
  await second.screenshot({ path: `${SHOTS}claim.png`, fullPage: true });
  await second.context().close();
});

test("claims search keeps its filters in the URL and pages on the server", async () => {
  const page = await signIn("zhou", "zhou-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims`);
  await page.fill("#search input[name=status]", "SETTLED");
  await page.fill("#search input[name=min_fen]", "6000000");
  await page.click("#search button[type=submit]");
  await page.waitForURL(/#\/claims\?status=SETTLED&min_fen=6000000$/);
  await page.waitForSelector(`tr[data-claim='${heldId}']`);
  assert.equal(await page.locator("#claims tbody tr").count(), 1, "only the approved 60,000.00 yuan claim fits");
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims?treated=37`);
  await page.waitForSelector("#next");
  const first = await page.locator("#claims tbody tr").first().getAttribute("data-claim");
  await page.click("#next");
  await page.waitForURL(/page=2/);
  await page.waitForSelector("#prev");
  assert.notEqual(await page.locator("#claims tbody tr").first().getAttribute("data-claim"), first);
  await page.screenshot({ path: `${SHOTS}claims.png`, fullPage: true });
  await page.context().close();
});

test("a viewer cannot approve: no buttons, and the API refuses the decision", async () => {
  const held = await shandong.settle(heldClaim(8, "21000.00"));
  const page = await signIn("zhou", "zhou-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/review?q=${held.claimId}`);
  await page.waitForSelector(`tr[data-claim='${held.claimId}']`);
  assert.equal(await page.locator("button.approve").count(), 0);
  assert.equal(await page.textContent(`tr[data-claim='${held.claimId}'] .muted`), "只读账号，不能审核");
  const status = await page.evaluate(async (id) => {
    const csrf = ((await (await fetch("/api/v1/session")).json()) as { csrf_token: string }).csrf_token;
    return (await fetch(`/api/v1/claims/${id}/decision`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ decision: "approve", reason: "x" }) })).status;
  }, held.claimId);
  assert.equal(status, 403);
  assert.equal((await shandong.get(held.claimId)).record?.status, ClaimStatus.HELD);
  await page.context().close();
});

test("a provincial account cannot open another province's claim", async () => {
  const page = await signIn("gd", "gd-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/claims/${heldId}`);
  await page.waitForSelector("#not-found");
  assert.equal(await page.textContent("#not-found"), "找不到该理赔，或不在您的管辖范围内");
  await page.goto(`${hub.regulatorApiUrl}/console/#/review?q=${heldId}`);
  await page.waitForSelector("#queue p, #queue table");
  assert.equal(await page.locator(`tr[data-claim='${heldId}']`).count(), 0);
  await page.context().close();
});

test("the claim page shows the message as received, decoded and masked: a jinbao-legacy GBK file field by field, an nhsa-json message pretty-printed", async () => {
  const psnNo = "37010219750505003456";
  const sent = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 61, seed: 61, psnNo });
  const person = nhsaJsonDialect.decodeClaim(sent.payload).claim.person!;
  const json = await shandong.settle(sent.payload);
  const legacyClaim = nhsaJsonDialect.decodeClaim(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 62, seed: 62, psnNo }).payload).claim;
  const legacy = await shandong.settle(jinbaoLegacyDialect.encodeClaim!(legacyClaim), { dialect: "jinbao-legacy" });
  assert.equal(legacy.status, ClaimStatus.SETTLED);
  const page = await signIn("zhou", "zhou-password-1");

  await page.goto(`${hub.regulatorApiUrl}/console/#/claims/${legacy.claimId}`);
  await page.waitForSelector("#received[data-dialect='jinbao-legacy'][data-format='fixed-width']");
  assert.match((await page.textContent("#received")) ?? "", /text\/plain; charset=GBK/);
  assert.equal(await page.textContent("#received-masking"), "个人标识已脱敏");
  assert.equal(await page.textContent("#received-fields tr[data-field=psn_no] td.value"), maskIdNumber(psnNo));
  assert.equal(await page.textContent("#received-fields tr[data-field=psn_name] td.value"), maskName(person.psnName));
  assert.equal(await page.textContent("#received-fields tr[data-field=fixmedins_name] td.value"), legacyClaim.fixmedinsName, "GBK decoded");
  assert.match((await page.textContent("#received-sm3")) ?? "", /^[0-9a-f]{64}$/);
  const legacyText = (await page.textContent("body")) ?? "";
  for (const secret of [psnNo, person.certno, person.psnName]) assert.ok(!legacyText.includes(secret), `${secret} is not on the page`);
  await page.screenshot({ path: `${SHOTS}claim-received.png`, fullPage: true });

  await page.goto(`${hub.regulatorApiUrl}/console/#/claims/${json.claimId}`);
  await page.waitForSelector("#received[data-dialect='nhsa-json'][data-format='json']");
  const text = (await page.textContent("#received-text")) ?? "";
  assert.match(text, /^\{\n  "infno": "2207",/, "pretty-printed");
  assert.ok(text.includes(`"psn_no": "${maskIdNumber(psnNo)}"`), text.slice(0, 400));
  const jsonText = (await page.textContent("body")) ?? "";
  for (const secret of [psnNo, person.certno, person.psnName]) assert.ok(!jsonText.includes(secret), `${secret} is not on the page`);
  await page.context().close();
});

test("the English switch translates the console and sticks", async () => {
  const page = await signIn("wang", "wang-password-1");
  assert.equal(await page.textContent("#nav a[href='#/review']"), "待审核");
  await page.click("#lang");
  await page.waitForSelector("#nav a[href='#/review']:text('Review queue')");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.goto(`${hub.regulatorApiUrl}/console/#/review`);
  await page.reload();
  await page.waitForSelector("h1:text('Claims held for review')");
  assert.doesNotMatch((await page.textContent("body")) ?? "", /⟦/, "no missing key shown");
  await page.screenshot({ path: `${SHOTS}review-en.png`, fullPage: true });
  await page.context().close();
});

test("a flows matrix cell drills down to a claim whose evidence file verifies; the clearing statement shows the pair", async () => {
  const page = await signIn("wang", "wang-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/flows`);
  await page.waitForSelector("[data-cell='37-32']");
  await page.waitForSelector("#heatmap canvas");
  await page.screenshot({ path: `${SHOTS}flows.png`, fullPage: true });
  await page.click("[data-cell='37-32']");
  await page.waitForSelector("#drill-claims a");
  const claimId = (await page.textContent("#drill-claims a")) ?? "";
  assert.match(claimId, /^C[0-9a-f]{24}$/);
  await page.click("#drill-claims a");
  await page.waitForSelector("#timeline tr[data-status=SETTLED]");
  const dir = await mkdtemp(join(tmpdir(), "console-evidence-"));
  try {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#evidence")]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    assert.equal(download.suggestedFilename(), `evidence-${claimId}.json`);
    const check = verifyEvidence(JSON.parse(await readFile(file, "utf8")));
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.claimId, claimId);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  await page.goto(`${hub.regulatorApiUrl}/console/#/clearing`);
  await page.waitForSelector("tr[data-pair='32-37']");
  assert.match((await page.textContent("tr[data-pair='32-37'] td.net")) ?? "", /^-?¥[0-9,]+\.[0-9]{2}$/);
  await page.screenshot({ path: `${SHOTS}clearing.png`, fullPage: true });

  await page.goto(`${hub.regulatorApiUrl}/console/#/rules`);
  await page.waitForSelector("tr[data-rule='R1']");
  assert.ok(Number(await page.textContent("tr[data-rule='R1'] td.holds")) >= 2, "the planted holds count");
  assert.match((await page.textContent("tr[data-rule='R1'] td.overturn")) ?? "", /^\d+% \(\d+\/\d+\)$/);
  await page.screenshot({ path: `${SHOTS}rules.png`, fullPage: true });
  await page.context().close();
});

test("a spot-check draw redrawn with the same seed gives the same sample", async () => {
  // The candidates are the period's settled claims: stop the background traffic so they stay put.
  traffic.stop = true;
  await traffic.done;
  const page = await signIn("insp", "insp-password-1");
  await page.goto(`${hub.regulatorApiUrl}/console/#/spot-checks`);
  await page.fill("input[name=size]", "3");
  await page.fill("input[name=seed]", "e2e-seed-20261203");
  await page.click("#draw-form button[type=submit]");
  await page.waitForSelector("#sample li");
  const first = await page.locator("#sample li a").allTextContents();
  assert.equal(first.length, 3);
  const hash = await page.textContent("#candidates-hash");
  await page.click("#redraw");
  await page.waitForSelector("#redraw-result.ok");
  assert.equal(await page.textContent("#redraw-result"), "✓ 重抽结果一致");
  const firstId = await page.getAttribute("#draw", "data-id");
  await page.click("#draw-form button[type=submit]");
  await page.waitForSelector(`#draw:not([data-id='${firstId}'])`);
  assert.deepEqual(await page.locator("#sample li a").allTextContents(), first, "a new draw with the same seed: the same sample");
  assert.equal(await page.textContent("#candidates-hash"), hash);
  await page.goto(`${hub.regulatorApiUrl}/console/#/spot-checks?id=${firstId}`);
  await page.reload();
  await page.waitForSelector(`#published a[href='#/spot-checks?id=${firstId}']`);
  assert.equal(await page.locator("#published tbody tr").count(), 2, "both draws are published");
  // an inspector records a result against a sampled claim; it stays with the published draw
  const item = `#sample li[data-claim='${first[0]}']`;
  await page.fill(`${item} .result-input`, "病历与收费一致");
  await page.click(`${item} button.record`);
  await page.waitForSelector(`${item} .result:text('病历与收费一致')`);
  await page.reload();
  await page.waitForSelector(`${item} .result`);
  assert.match((await page.textContent(item)) ?? "", /病历与收费一致.*孙检查 \(insp\)/);
  assert.match((await page.textContent(`#published tr:has(a[href='#/spot-checks?id=${firstId}'])`)) ?? "", /已记录结果 1 \/ 3/);
  await page.screenshot({ path: `${SHOTS}spot-checks.png`, fullPage: true });
  await page.context().close();
});
