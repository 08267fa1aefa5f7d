import { api } from "../api.js";
import { claimLink, esc } from "../format.js";
import { t } from "../i18n.js";
import { currentPeriod } from "../period.js";

/** A sampled claim: its recorded result, or (inspectors) a field to record one. */
function sampleItem(check, id, inspector) {
  const r = check.results[id];
  const recorded = r ? ` — <span class="result">${esc(r.result)}</span> <span class="muted">(${esc(r.by)})</span>` : "";
  const form = inspector ? ` <input class="result-input" size="24" placeholder="${esc(t("spot.resultPlaceholder"))}"> <button class="action record" type="button">${t("spot.record")}</button> <span class="error"></span>` : "";
  return `<li data-claim="${esc(id)}">${claimLink(id)}${recorded}${form}</li>`;
}

function drawHtml(check, inspector) {
  const d = check.draw;
  return `<div class="card" id="draw" data-id="${esc(check.id)}">
    <p>${t("spot.id")}: <b>${esc(check.id)}</b> · ${esc(check.province)} · ${esc(check.period)} · ${esc(check.drawnBy)}</p>
    <p>${t("spot.seed")}: <code id="seed">${esc(d.seed)}</code> · ${t("spot.algorithm")}: <code>${esc(d.algorithm)}</code></p>
    <p>${t("spot.candidates")}: ${esc(d.candidateCount)} · SHA-256 <code id="candidates-hash">${esc(d.candidatesSha256)}</code></p>
    <p>${t("spot.inspectors")}: <b id="inspectors">${d.inspectors.map(esc).join("、")}</b> (${esc(t("spot.roster"))}: ${d.roster.map(esc).join("、")})</p>
    <ol id="sample">${d.sample.map((id) => sampleItem(check, id, inspector)).join("")}</ol>
    <button class="action" id="redraw" type="button">${t("spot.redraw")}</button> <span id="redraw-result"></span></div>`;
}

/** Spot checks (双随机一公开): draw with a published seed, then anyone can redraw and compare. */
export async function renderSpotChecks(main, session, params) {
  const id = params.get("id");
  main.innerHTML = `<h1>${t("spot.title")}</h1>
    ${session.role === "inspector" ? `<form class="card" id="draw-form">
      <label>${t("spot.province")} <input name="province" size="3" value="${session.scope === "national" ? "37" : esc(session.scope)}"></label>
      <label>${t("common.period")} <input name="period" size="8" value="${currentPeriod()}"></label>
      <label>${t("spot.size")} <input name="size" size="4" value="5"></label>
      <label>${t("spot.roster")} <input name="roster" size="30" value="张检,李检,王检,赵检"></label>
      <label>${t("spot.seed")} <input name="seed" size="20" placeholder="${esc(t("spot.seedRandom"))}"></label>
      <button class="primary" type="submit">${t("spot.draw")}</button> <span class="error" id="draw-error"></span></form>` : `<p class="muted">${t("spot.readOnly")}</p>`}
    <div id="result"></div>
    <h1>${t("spot.published")}</h1><table id="published"><tbody></tbody></table>`;
  const inspector = session.role === "inspector";
  const show = (check) => {
    main.querySelector("#result").innerHTML = drawHtml(check, inspector);
    for (const li of main.querySelectorAll("#sample li")) {
      li.querySelector("button.record")?.addEventListener("click", async () => {
        try {
          const { json } = await api(`/api/v1/spot-checks/${encodeURIComponent(check.id)}/results`, { method: "POST", body: { claim_id: li.dataset.claim, result: li.querySelector(".result-input").value } });
          show(json);
        } catch (err) {
          li.querySelector(".error").textContent = err.message;
        }
      });
    }
    main.querySelector("#redraw").addEventListener("click", async () => {
      const { json } = await api(`/api/v1/spot-checks/${encodeURIComponent(check.id)}/redraw`, { method: "POST" });
      const out = main.querySelector("#redraw-result");
      out.textContent = json.same_sample ? t("spot.same") : t("spot.different");
      out.className = json.same_sample ? "ok" : "bad";
    });
  };
  main.querySelector("#draw-form")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const seed = String(f.get("seed")).trim();
    try {
      const { json } = await api("/api/v1/spot-checks", {
        method: "POST",
        body: { province: String(f.get("province")).trim(), period: String(f.get("period")).trim(), sample_size: Number(f.get("size")), roster: String(f.get("roster")).split(/[,，、]/).map((x) => x.trim()).filter(Boolean), ...(seed === "" ? {} : { seed }) },
      });
      history.replaceState(null, "", `#/spot-checks?id=${json.id}`);
      show(json);
    } catch (err) {
      main.querySelector("#draw-error").textContent = err.message;
    }
  });
  if (id) show((await api(`/api/v1/spot-checks/${encodeURIComponent(id)}`)).json);
  const { json: list } = await api("/api/v1/spot-checks");
  main.querySelector("#published tbody").innerHTML = list.spot_checks
    .map((c) => `<tr><td><a href="#/spot-checks?id=${esc(c.id)}">${esc(c.id)}</a></td><td>${esc(c.province)}</td><td>${esc(c.period)}</td><td><code>${esc(c.draw.seed)}</code></td>
      <td>${c.draw.inspectors.map(esc).join("、")}</td><td>${esc(t("spot.progress", { done: Object.keys(c.results).length, total: c.draw.sample.length }))}</td></tr>`)
    .join("");
}
