import { formatAge, esc } from "../format.js";
import { t } from "../i18n.js";

const OUTCOMES = ["SETTLED", "REJECTED", "HELD"];

/** The overview: live figures and platform tiles from the server's SSE stream; Pause stops applying frames. */
export function renderOverview(main) {
  main.innerHTML = `<h1>${t("overview.title")} <span id="live-state" class="muted">${t("overview.live")}</span>
      <button class="action" id="pause" type="button">${t("overview.pause")}</button></h1>
    <div class="card figures" id="figures">${t("common.loading")}</div>
    <div class="card"><div id="chart"></div></div>
    <h1>${t("overview.platforms")}</h1>
    <div class="tiles" id="tiles"></div>`;
  const chart = window.echarts.init(main.querySelector("#chart"));
  let paused = false;
  const source = new EventSource("/api/v1/overview/stream");
  source.addEventListener("overview", (e) => {
    if (!paused) draw(JSON.parse(e.data));
  });
  main.querySelector("#pause").addEventListener("click", (e) => {
    paused = !paused;
    e.target.textContent = paused ? t("overview.resume") : t("overview.pause");
    main.querySelector("#live-state").textContent = paused ? t("overview.paused") : t("overview.live");
  });

  function draw(frame) {
    const f = frame.figures;
    const ms = (v) => (v === null ? "—" : esc(`${v} ms`));
    main.querySelector("#figures").innerHTML = OUTCOMES.map((o) => {
      const name = t(`outcome.${o}`);
      return `<div class="figure" data-outcome="${o}"><div class="value" data-figure="rate">${esc(f.ratePerS[o])}</div><div class="label">${esc(t("overview.rate", { outcome: name }))}</div>
        <div class="label">${esc(t("overview.p50", { outcome: name }))}: <b data-figure="p50">${ms(f.p50Ms[o])}</b></div>
        <div class="label">${esc(t("overview.p99", { outcome: name }))}: <b data-figure="p99">${ms(f.p99Ms[o])}</b></div>
        <div class="label">${esc(t("overview.count", { outcome: name }))}: <b data-figure="count">${esc(f.counts[o])}</b></div></div>`;
    }).join("");
    main.querySelector("#tiles").innerHTML = frame.platforms.map((p) => `<div class="tile ${esc(p.link)}" data-platform="${esc(p.id)}">
        <b>${esc(p.id)} ${esc(p.name)}</b><br>${esc(t(`overview.link.${p.link}`))}<br>
        ${p.backlog === null ? esc(t("overview.backlogUnknown")) : esc(t("overview.backlog", { n: p.backlog }))}
        ${p.oldestWaitingMs === null ? "" : `<br>${esc(t("overview.oldest", { age: formatAge(p.oldestWaitingMs) }))}`}</div>`).join("");
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { data: [t("overview.chartRate"), t("overview.chartP50"), t("overview.chartP99")] },
      xAxis: { type: "category", data: f.series.map((s) => s.minute.slice(11, 16)) },
      yAxis: [{ type: "value", name: t("overview.chartRate") }, { type: "value", name: "ms" }],
      series: [
        { name: t("overview.chartRate"), type: "bar", data: f.series.map((s) => s.perS) },
        { name: t("overview.chartP50"), type: "line", yAxisIndex: 1, data: f.series.map((s) => s.p50Ms) },
        { name: t("overview.chartP99"), type: "line", yAxisIndex: 1, data: f.series.map((s) => s.p99Ms) },
      ],
    });
  }
  return () => {
    source.close();
    chart.dispose();
  };
}
