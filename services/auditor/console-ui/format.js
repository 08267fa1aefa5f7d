// Display formatting: amounts from integer fen (BigInt, never a float), times in Asia/Shanghai.
import { currentLanguage } from "./i18n.js";

/** "2500000" (fen) → "¥25,000.00". */
export function formatFen(fenText) {
  const fen = BigInt(fenText);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}¥${yuan}.${cents}`;
}

/** An ISO instant shown in Beijing time, e.g. "2026-12-03 21:30:05". */
export function formatTime(iso) {
  if (!iso) return "";
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

/** A duration in ms as "3 min 20 s" / "3分20秒". */
export function formatAge(ms) {
  const s = Math.floor(ms / 1000);
  const zh = currentLanguage() === "zh";
  if (s < 60) return zh ? `${s}秒` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return zh ? `${m}分${s % 60}秒` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return zh ? `${h}小时${m % 60}分` : `${h} h ${m % 60} min`;
}

/** Escapes text for HTML (element content and quoted attribute values). */
export function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** A link to a claim's page; the id is escaped like any other text the hub did not write here. */
export function claimLink(claimId) {
  return `<a href="#/claims/${esc(encodeURIComponent(claimId))}">${esc(claimId)}</a>`;
}
