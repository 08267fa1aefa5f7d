// The console's shell: session, language switch, hash routes (#/overview, #/review?q=…, #/claims/C…,
// #/flows?period=…, #/clearing?period=…, #/spot-checks?id=…).
import { api, ApiError, setCsrfToken } from "./api.js";
import { esc } from "./format.js";
import { currentLanguage, setLanguage, t, translate } from "./i18n.js";
import { renderClaim } from "./pages/claim-page.js";
import { renderClaims } from "./pages/claims-page.js";
import { renderClearing } from "./pages/clearing-page.js";
import { renderFlows } from "./pages/flows-page.js";
import { renderSpotChecks } from "./pages/spot-check-page.js";
import { renderOverview } from "./pages/overview-page.js";
import { renderReview } from "./pages/review-page.js";
import { renderRules } from "./pages/rules-page.js";
import { renderSignIn } from "./pages/sign-in-page.js";

const main = document.getElementById("main");
let session = null;
let leave = null;

function showChrome() {
  translate();
  document.title = t("app.title");
  document.getElementById("lang").textContent = t("lang.switch");
  document.getElementById("nav").hidden = session === null;
  document.getElementById("sign-out").hidden = session === null;
  document.getElementById("who").textContent =
    session === null ? "" : `${session.display_name} · ${t(`role.${session.role}`)} · ${session.scope === "national" ? t("scope.national") : t("scope.province", { code: session.scope })}`;
}

async function route() {
  leave?.();
  leave = null;
  showChrome();
  if (session === null) return renderSignIn(main, signedIn);
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query ?? "");
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.getAttribute("href") === `#${path}`);
  try {
    const claim = /^\/claims\/(C[0-9a-f]{24})$/.exec(path ?? "");
    if (claim) await renderClaim(main, session, claim[1], params);
    else if (path === "/review") await renderReview(main, session, params);
    else if (path === "/claims") await renderClaims(main, params);
    else if (path === "/flows") leave = await renderFlows(main, params);
    else if (path === "/clearing") await renderClearing(main, session, params);
    else if (path === "/rules") await renderRules(main);
    else if (path === "/spot-checks") await renderSpotChecks(main, session, params);
    else leave = renderOverview(main);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      session = null;
      return route();
    }
    main.innerHTML = `<p class="card error">${esc(t("common.error", { message: err.message }))}</p>`; // the message may echo the URL
  }
}

function signedIn(s) {
  session = s;
  setCsrfToken(s.csrf_token);
  void route();
}

document.getElementById("lang").addEventListener("click", () => {
  setLanguage(currentLanguage() === "zh" ? "en" : "zh");
  void route();
});
document.getElementById("sign-out").addEventListener("click", async () => {
  await api("/api/v1/session", { method: "DELETE" }).catch(() => undefined);
  session = null;
  void route();
});
window.addEventListener("hashchange", () => void route());

setLanguage(currentLanguage());
try {
  signedIn((await api("/api/v1/session")).json);
} catch {
  session = null;
  void route();
}
