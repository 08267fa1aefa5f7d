import { api } from "../api.js";
import { esc, formatFen } from "../format.js";
import { t } from "../i18n.js";
import { currentPeriod } from "../period.js";

/** A period's clearing statement: gross both ways and net per province pair; JSON and CSV downloads. */
export async function renderClearing(main, params) {
  const period = params.get("period") ?? currentPeriod();
  main.innerHTML = `<h1>${t("clearing.title")}</h1>
    <div class="card"><label>${t("common.period")} <input id="period" value="${esc(period)}" size="8"></label>
      <a id="download-json" href="/api/v1/clearing/${esc(period)}" download="clearing-${esc(period)}.json">JSON</a>
      <a id="download-csv" href="/api/v1/clearing/${esc(period)}?format=csv" download>CSV</a> <span id="closed" class="muted"></span></div>
    <div id="statement">${t("common.loading")}</div>`;
  main.querySelector("#period").addEventListener("change", (e) => (location.hash = `#/clearing?period=${encodeURIComponent(e.target.value.trim())}`));
  const { json: s } = await api(`/api/v1/clearing/${encodeURIComponent(period)}`);
  main.querySelector("#closed").textContent = s.closed === "yes" ? t("clearing.closed", { root: s.chain_root.slice(0, 16) }) : t("clearing.open");
  const sum = (d) => formatFen((BigInt(d.fund_fen) + BigInt(d.account_fen)).toString());
  main.querySelector("#statement").innerHTML = `<p class="card">${esc(t("clearing.total", { entries: s.entries, total: formatFen(s.total_fen) }))}</p>
    <table id="pairs"><thead><tr><th>A</th><th>B</th><th>${t("clearing.aOwesB")}</th><th>${t("clearing.bOwesA")}</th><th>${t("clearing.net")}</th><th>${t("clearing.counts")}</th></tr></thead><tbody>
    ${s.pairs.map((p) => `<tr data-pair="${esc(p.a)}-${esc(p.b)}"><td>${esc(p.a)}</td><td>${esc(p.b)}</td><td class="num">${sum(p.a_owes_b)}</td><td class="num">${sum(p.b_owes_a)}</td><td class="num net">${formatFen(p.net_fen)}</td>
      <td class="num">${p.a_owes_b.settlements + p.b_owes_a.settlements} / ${p.a_owes_b.reversals + p.b_owes_a.reversals}</td></tr>`).join("")}</tbody></table>`;
}
