import { api } from "../api.js";
import { esc } from "../format.js";
import { t } from "../i18n.js";

/** The rule catalogue with hit counts, holds and overturn rates (held claims reviewers approved). */
export async function renderRules(main) {
  main.innerHTML = `<h1>${t("rules.title")}</h1><div id="rules">${t("common.loading")}</div>`;
  const { json } = await api("/api/v1/rules");
  main.querySelector("#rules").innerHTML = `${json.truncated ? `<p class="card error" id="truncated">${esc(t("rules.truncated", { limit: json.scan_limit, scanned: json.scanned }))}</p>` : ""}<p class="muted">${esc(t("rules.read", { n: json.claims_read }))}</p>
    <table id="rule-table"><thead><tr><th>${t("rules.rule")}</th><th>${t("rules.severity")}</th><th>${t("rules.description")}</th><th>${t("rules.hits")}</th><th>${t("rules.holds")}</th><th>${t("rules.overturn")}</th></tr></thead><tbody>
    ${json.rules.map((r) => `<tr data-rule="${esc(r.rule_id)}"><td><b>${esc(r.rule_id)}</b></td><td>${esc(r.severity)}</td><td>${esc(r.description)}</td><td class="num hits">${esc(r.hits)}</td><td class="num holds">${esc(r.holds)}</td>
      <td class="num overturn">${r.overturn_rate === null ? "—" : esc(`${Math.round(r.overturn_rate * 100)}% (${r.overturned}/${r.decided})`)}</td></tr>`).join("")}</tbody></table>`;
}
