import { api } from "../api.js";
import { claimLink, esc, formatAge, formatFen } from "../format.js";
import { t } from "../i18n.js";

/** The review queue; the filter lives in the URL (#/review?q=…) so a link can be shared. */
export async function renderReview(main, session, params) {
  const q = params.get("q") ?? "";
  main.innerHTML = `<h1>${t("review.title")}</h1>
    <div class="card"><input id="filter" size="40" placeholder="${esc(t("review.filter"))}" value="${esc(q)}"> <span class="muted" id="four-eyes"></span></div>
    <div id="queue">${t("common.loading")}</div>`;
  main.querySelector("#filter").addEventListener("change", (e) => {
    location.hash = `#/review?q=${encodeURIComponent(e.target.value.trim())}`;
  });
  const { json } = await api("/api/v1/review-queue");
  main.querySelector("#four-eyes").textContent = t("review.fourEyes", { amount: formatFen(json.four_eyes_above_fen) });
  const needle = q.toLowerCase();
  const held = json.held.filter((c) => needle === "" || [c.claim_id, c.fixmedins_code, c.mdtrtarea_admvs, c.insuplc_admdvs].some((v) => v.toLowerCase().includes(needle)));
  const canDecide = session.role === "reviewer";
  if (held.length === 0) {
    main.querySelector("#queue").innerHTML = `<p class="card muted">${t("review.empty")}</p>`;
    return;
  }
  main.querySelector("#queue").innerHTML = `<table><thead><tr><th>${t("review.claim")}</th><th>${t("review.route")}</th><th>${t("review.institution")}</th><th>${t("review.amount")}</th><th>${t("review.findings")}</th><th>${t("review.age")}</th><th>${t("review.actions")}</th></tr></thead><tbody>
    ${held.map((c) => `<tr data-claim="${esc(c.claim_id)}">
      <td>${claimLink(c.claim_id)}</td>
      <td>${esc(c.mdtrtarea_admvs)} → ${esc(c.insuplc_admdvs)}</td>
      <td>${esc(c.fixmedins_code)}</td>
      <td class="num">${formatFen(c.medfee_sumamt_fen)}</td>
      <td>${c.findings.map((f) => `<b>${esc(f.rule_id)}</b>: ${esc(f.expected)} / ${esc(f.actual)}`).join("<br>")}</td>
      <td>${formatAge(c.age_ms)}</td>
      <td>${c.pending_approval === null ? "" : `<div class="muted pending">${esc(t("review.pending", { who: c.pending_approval.displayName }))}</div>`}
        ${canDecide ? `<input class="reason" size="16" placeholder="${esc(t("review.reason"))}">
        <button class="action approve" type="button">${t("review.approve")}</button><button class="action reject" type="button">${t("review.reject")}</button>` : `<span class="muted">${t("review.readOnly")}</span>`}
        <div class="outcome"></div></td></tr>`).join("")}</tbody></table>`;
  for (const row of main.querySelectorAll("tr[data-claim]")) {
    for (const button of row.querySelectorAll("button")) {
      button.addEventListener("click", async () => {
        const reason = row.querySelector(".reason").value.trim();
        const out = row.querySelector(".outcome");
        if (reason === "") return void (out.textContent = t("review.needReason"));
        try {
          const { status, json: r } = await api(`/api/v1/claims/${encodeURIComponent(row.dataset.claim)}/decision`, { method: "POST", body: { decision: button.classList.contains("approve") ? "approve" : "reject", reason } });
          out.textContent = status === 202 ? t("review.awaiting") : t("review.decided", { status: t(`outcome.${r.status}`) });
          out.className = "outcome ok";
        } catch (err) {
          out.textContent = t("common.error", { message: err.message });
          out.className = "outcome error";
        }
      });
    }
  }
}
