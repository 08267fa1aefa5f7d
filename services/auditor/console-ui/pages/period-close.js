import { api } from "../api.js";
import { esc } from "../format.js";
import { t } from "../i18n.js";
import { currentPeriod } from "../period.js";

/**
 * Closing a period (national auditors only; the server checks too): a button, then an explicit
 * confirmation naming the period; the answer shows the chain root (and `onClosed` gets it), or why
 * it was refused.
 */
export function renderPeriodClose(box, session, period, onClosed) {
  if (session.role !== "auditor" || session.scope !== "national") return;
  box.innerHTML = `<button class="action" id="close-start" type="button">${t("clearing.close")}</button>`;
  box.querySelector("#close-start").addEventListener("click", () => {
    box.innerHTML = `<div id="close-confirm" class="card"><p>${esc(t("clearing.closeConfirm", { period }))}</p>
      ${period === currentPeriod() ? `<p class="error">${t("clearing.closeCurrent")}</p>` : ""}
      <button class="primary" id="close-do" type="button">${t("clearing.closeDo")}</button> <button class="action" id="close-cancel" type="button">${t("clearing.closeCancel")}</button></div>`;
    box.querySelector("#close-cancel").addEventListener("click", () => renderPeriodClose(box, session, period, onClosed));
    box.querySelector("#close-do").addEventListener("click", async () => {
      box.querySelector("#close-do").disabled = true;
      try {
        const { json } = await api(`/api/v1/clearing/${encodeURIComponent(period)}/close`, { method: "POST", body: { confirm: period } });
        box.innerHTML = `<p id="close-result" class="ok">${esc(t("clearing.closedNow", { root: json.chain_root }))}</p>`;
        onClosed(json);
      } catch (err) {
        box.innerHTML = `<p id="close-result" class="error">${esc(t("clearing.closeRefused", { message: err.message }))}</p>`;
      }
    });
  });
}
