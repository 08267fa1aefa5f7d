import { api } from "../api.js";
import { claimLink, esc, formatFen, formatTime } from "../format.js";
import { t } from "../i18n.js";

const FIELDS = ["status", "treated", "insured", "institution", "rule", "min_fen", "max_fen", "from", "to"];

/** Claims search: every filter and the page live in the URL (#/claims?status=HELD&page=2), paged on the server. */
export async function renderClaims(main, params) {
  const page = Number(params.get("page") ?? "1");
  main.innerHTML = `<h1>${t("claims.title")}</h1>
    <form class="card" id="search">${FIELDS.map((f) => `<label>${t(`claims.f.${f}`)} <input name="${f}" size="${f === "institution" ? 14 : 9}" value="${esc(params.get(f) ?? "")}"></label>`).join(" ")}
      <button class="primary" type="submit">${t("claims.search")}</button></form>
    <div id="results">${t("common.loading")}</div>`;
  main.querySelector("#search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(e.target)) if (String(v).trim() !== "") q.set(k, String(v).trim());
    location.hash = `#/claims?${q}`;
  });
  const query = new URLSearchParams(params);
  query.set("page", String(page));
  query.set("page_size", "20");
  const { json } = await api(`/api/v1/claims?${query}`);
  const pages = Math.max(1, Math.ceil(json.total / json.page_size));
  const link = (p) => {
    const q = new URLSearchParams(params);
    q.set("page", String(p));
    return `#/claims?${q}`;
  };
  main.querySelector("#results").innerHTML = `${json.truncated ? `<p class="card error" id="truncated">${esc(t("claims.truncatedWarning", { limit: json.scan_limit, scanned: json.scanned }))}</p>` : ""}
    <p class="muted" id="total">${esc(t("claims.total", { total: json.total, page, pages }))}</p>
    <table id="claims"><thead><tr><th>${t("review.claim")}</th><th>${t("claim.status")}</th><th>${t("review.route")}</th><th>${t("review.institution")}</th><th>${t("review.amount")}</th><th>${t("review.findings")}</th><th>${t("claim.time")}</th></tr></thead><tbody>
    ${json.claims.map((c) => `<tr data-claim="${esc(c.claim_id)}"><td>${claimLink(c.claim_id)}</td><td>${esc(c.status)}</td><td>${esc(c.mdtrtarea_admvs)} → ${esc(c.insuplc_admdvs)}</td><td>${esc(c.fixmedins_code)}</td>
      <td class="num">${formatFen(c.medfee_sumamt_fen)}</td><td>${c.findings.map((f) => esc(f.rule_id)).join(", ")}</td><td>${formatTime(c.events[0]?.at ?? "")}</td></tr>`).join("")}</tbody></table>
    <p>${page > 1 ? `<a id="prev" href="${esc(link(page - 1))}">${t("claims.prev")}</a>` : ""} ${page < pages ? `<a id="next" href="${esc(link(page + 1))}">${t("claims.next")}</a>` : ""}</p>`;
}
