import { api } from "../api.js";
import { claimLink, esc, formatFen } from "../format.js";
import { t } from "../i18n.js";
import { currentPeriod } from "../period.js";

/** Treatment × insured province heat map of a period; a cell (chart or table) opens its claims. */
export async function renderFlows(main, params) {
  const period = params.get("period") ?? currentPeriod();
  const treated = params.get("treated");
  const insured = params.get("insured");
  main.innerHTML = `<h1>${t("flows.title")}</h1>
    <div class="card"><label>${t("common.period")} <input id="period" value="${esc(period)}" size="8"></label></div>
    <div class="card"><div id="heatmap" style="height:420px"></div></div>
    <div id="drill"></div>
    <table id="cells"><thead><tr><th>${t("flows.treated")}</th><th>${t("flows.insured")}</th><th>${t("flows.count")}</th><th>${t("flows.amount")}</th></tr></thead><tbody></tbody></table>`;
  main.querySelector("#period").addEventListener("change", (e) => (location.hash = `#/flows?period=${encodeURIComponent(e.target.value.trim())}`));
  const { json } = await api(`/api/v1/flows?period=${encodeURIComponent(period)}`);
  const open = (c) => `#/flows?${new URLSearchParams({ period, treated: c.treated, insured: c.insured })}`;
  main.querySelector("#cells tbody").innerHTML = json.cells
    .map((c) => `<tr><td>${esc(c.treated)}</td><td>${esc(c.insured)}</td><td class="num"><a data-cell="${esc(c.treated)}-${esc(c.insured)}" href="${esc(open(c))}">${esc(c.count)}</a></td><td class="num">${formatFen(c.medfee_fen)}</td></tr>`)
    .join("");
  const ys = [...new Set(json.cells.map((c) => c.treated))].sort();
  const xs = [...new Set(json.cells.map((c) => c.insured))].sort();
  const chart = window.echarts.init(main.querySelector("#heatmap"));
  chart.setOption({
    animation: false,
    tooltip: { formatter: (p) => `${esc(t("flows.treated"))} ${esc(ys[p.value[1]])} → ${esc(t("flows.insured"))} ${esc(xs[p.value[0]])}<br>${esc(t("flows.count"))}: ${esc(p.value[2])}<br>${t("flows.amount")}: ${esc(formatFen(p.value[3]))}` }, // ECharts shows a formatter's text as HTML
    xAxis: { type: "category", data: xs, name: t("flows.insured") },
    yAxis: { type: "category", data: ys, name: t("flows.treated") },
    visualMap: { min: 0, max: Math.max(1, ...json.cells.map((c) => c.count)), calculable: true, orient: "horizontal", left: "center", bottom: 0 },
    series: [{ type: "heatmap", data: json.cells.map((c) => [xs.indexOf(c.insured), ys.indexOf(c.treated), c.count, c.medfee_fen]), label: { show: true } }],
  });
  chart.on("click", (p) => (location.hash = open({ treated: ys[p.value[1]], insured: xs[p.value[0]] })));
  if (treated && insured) {
    const { json: d } = await api(`/api/v1/flows/claims?period=${encodeURIComponent(period)}&treated=${encodeURIComponent(treated)}&insured=${encodeURIComponent(insured)}`);
    main.querySelector("#drill").innerHTML = `<div class="card"><h1>${esc(t("flows.cellClaims", { treated, insured }))}</h1><table id="drill-claims"><tbody>
      ${d.claims.map((c) => `<tr data-claim="${esc(c.claim_id)}"><td>${claimLink(c.claim_id)}</td><td>${esc(c.kind)}</td><td class="num">${formatFen(c.medfee_fen)}</td></tr>`).join("")}</tbody></table></div>`;
  }
  return () => chart.dispose();
}
