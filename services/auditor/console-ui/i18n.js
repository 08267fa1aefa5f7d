// The page's language: Chinese by default, English by the switch (kept in localStorage).
import { messages } from "./messages.js";

const KEY = "tongxing.console.lang";

export function currentLanguage() {
  return localStorage.getItem(KEY) === "en" ? "en" : "zh";
}

export function setLanguage(lang) {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
}

/** The text of a key with {name} placeholders filled; a missing key shows itself, loudly. */
export function t(key, values = {}) {
  const text = messages[currentLanguage()][key];
  if (text === undefined) return `⟦${key}⟧`;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** Fills every element carrying data-i18n under root. */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}
