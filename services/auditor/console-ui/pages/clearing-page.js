import { api } from "../api.js";
import { esc, formatFen, formatTime } from "../format.js";
import { t } from "../i18n.js";
import { currentPeriod } from "../period.js";
import { renderPeriodClose } from "./period-close.js";

/**
 * A period's clearing statement: gross both ways and net per province pair; JSON and CSV
 * downloads; whether the period is closed (and closing it, for a national auditor); each
 * platform's reconciliation of the period.
 */
export async function renderClearing(main, session, params) {
  const period = params.get("period") ?? currentPeriod();
  main.innerHTML = `<h1>${t("clearing.title")}</h1>
    <div class="card"><label>${t("common.period")} <input id="period" value="${esc(period)}" size="8"></label>
      <a id="download-json" href="/api/v1/clearing/${esc(period)}" download="clearing-${esc(period)}.json">JSON</a>
      <a id="download-csv" href="/api/v1/clearing/${esc(period)}?format=csv" download>CSV</a> <span id="closed" class="muted"></span>
      <div id="close-period"></div></div>
    <div id="statement">${t("common.loading")}</div>
    <h2>${t("recon.title")}</h2><div id="reconciliation">${t("common.loading")}</div>`;
  main.querySelector("#period").addEventListener("change", (e) => (location.hash = `#/clearing?period=${encodeURIComponent(e.target.value.trim())}`));
  const [{ json: s }, { json: r }] = await Promise.all([api(`/api/v1/clearing/${encodeURIComponent(period)}`), api(`/api/v1/reconciliation/${encodeURIComponent(period)}`)]);
  main.querySelector("#closed").textContent =
    s.closed === "yes" ? `${t("clearing.closed", { root: s.chain_root.slice(0, 16) })}${s.closed_by ? ` · ${t("clearing.closedBy", { who: s.closed_by, at: formatTime(s.closed_at) })}` : ""}` : t("clearing.open");
  if (s.closed !== "yes") renderPeriodClose(main.querySelector("#close-period"), session, period, (closed) => (main.querySelector("#closed").textContent = t("clearing.closed", { root: closed.chain_root.slice(0, 16) })));
  const sum = (d) => formatFen((BigInt(d.fund_fen) + BigInt(d.account_fen)).toString());
  main.querySelector("#statement").innerHTML = `<p class="card">${esc(t("clearing.total", { entries: s.entries, total: formatFen(s.total_fen) }))}</p>
    <table id="pairs"><thead><tr><th>A</th><th>B</th><th>${t("clearing.aOwesB")}</th><th>${t("clearing.bOwesA")}</th><th>${t("clearing.net")}</th><th>${t("clearing.counts")}</th></tr></thead><tbody>
    ${s.pairs.map((p) => `<tr data-pair="${esc(p.a)}-${esc(p.b)}"><td>${esc(p.a)}</td><td>${esc(p.b)}</td><td class="num">${sum(p.a_owes_b)}</td><td class="num">${sum(p.b_owes_a)}</td><td class="num net">${formatFen(p.net_fen)}</td>
      <td class="num">${esc(p.a_owes_b.settlements + p.b_owes_a.settlements)} / ${esc(p.a_owes_b.reversals + p.b_owes_a.reversals)}</td></tr>`).join("")}</tbody></table>`;
  main.querySelector("#reconciliation").innerHTML = reconciliationTable(r.platforms);
}

const STATUS_CLASS = { matched: "ok", mismatched: "bad", "not-yet": "muted" };

/** One row per platform: each side's status (with the days that did not match) and the latest call. */
function reconciliationTable(rows) {
  const platforms = [...new Set(rows.map((p) => p.platform))];
  const side = (p) =>
    p === undefined
      ? "<td></td>"
      : `<td class="status ${STATUS_CLASS[p.status] ?? ""}" data-side="${esc(p.side)}" data-status="${esc(p.status)}">${esc(t(`recon.status.${p.status}`))}${p.days_matched > 0 ? ` · ${esc(t("recon.days", { n: p.days_matched }))}` : ""}${
          p.days_mismatched.length > 0 ? `<br><span class="bad days">${p.days_mismatched.map(esc).join(", ")}</span>` : ""
        }</td>`;
  return `<table id="recon"><thead><tr><th>${t("recon.platform")}</th><th>${t("recon.side.treatment")}</th><th>${t("recon.side.insured")}</th><th>${t("recon.lastAt")}</th></tr></thead><tbody>
    ${platforms
      .map((id) => {
        const mine = rows.filter((p) => p.platform === id);
        const last = mine.map((p) => p.last_at).filter((x) => x !== null).sort().at(-1);
        return `<tr data-platform="${esc(id)}"><td>${esc(id)}</td>${side(mine.find((p) => p.side === "treatment"))}${side(mine.find((p) => p.side === "insured"))}<td>${last === undefined ? "—" : formatTime(last)}</td></tr>`;
      })
      .join("")}</tbody></table>`;
}
