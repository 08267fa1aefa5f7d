import { api, ApiError } from "../api.js";
import { t } from "../i18n.js";

export function renderSignIn(main, onSignedIn) {
  main.innerHTML = `<form class="sign-in card" id="sign-in">
    <h1>${t("signIn.title")}</h1>
    <label>${t("signIn.user")} <input name="user" autocomplete="username" required></label>
    <label>${t("signIn.password")} <input name="password" type="password" autocomplete="current-password" required></label>
    <button class="primary" type="submit">${t("signIn.submit")}</button>
    <p class="error" id="sign-in-error"></p>
  </form>`;
  const form = main.querySelector("#sign-in");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const { json } = await api("/api/v1/session", { method: "POST", body: { user: data.get("user"), password: data.get("password") } });
      onSignedIn(json);
    } catch (err) {
      main.querySelector("#sign-in-error").textContent = err instanceof ApiError && err.status === 429 ? t("signIn.limited") : t("signIn.failed");
    }
  });
}
