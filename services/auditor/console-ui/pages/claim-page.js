import { api, ApiError } from "../api.js";
import { esc, formatFen, formatTime } from "../format.js";
import { t } from "../i18n.js";

function eventRows(events) {
  return events.map((e) => `<tr data-status="${esc(e.status)}"><td>${esc(e.status)}</td><td>${esc(e.actor)}</td><td>${esc(e.detail)}</td><td>${formatTime(e.at)}</td>
    <td>${esc(e.block_height)}</td><td><code>${e.block_hash_hex === null ? "" : esc(e.block_hash_hex.slice(0, 16))}…</code></td>
    <td class="verified ${e.block_height === null ? "muted" : e.block_intact ? "ok" : "bad"}">${e.block_height === null ? t("claim.unchained") : e.block_intact ? t("claim.intact") : t("claim.broken")}</td></tr>`).join("");
}

/** A fixed-width file's fields, one row each: line, record (tag and layout), field name, value. */
function fieldRows(records) {
  return records
    .flatMap((r) => r.fields.map((f, i) => `<tr data-line="${esc(r.line)}" data-field="${esc(f.name)}"><td>${i === 0 ? esc(r.line) : ""}</td><td>${i === 0 ? esc(`${r.tag} ${r.label}`) : ""}</td><td title="${esc(f.path ?? "")}">${esc(f.name)}</td><td class="value"><code>${esc(f.value)}</code></td></tr>`))
    .join("");
}

/** The message as the platform sent it, decoded for display (identifiers masked unless unmasked). */
function receivedSection(r, unmasked) {
  const title = `<h1>${t("claim.received")}</h1>`;
  if (r === null || r === undefined) return `${title}<p class="card muted" id="received-none">${t("claim.receivedNone")}</p>`;
  const d = r.display;
  const body =
    d === null
      ? `<p class="error" id="received-unreadable">${esc(t("claim.receivedUnreadable", { message: r.unreadable ?? "" }))}</p>`
      : d.format === "fixed-width"
        ? `<table id="received-fields"><thead><tr><th>${t("claim.receivedLine")}</th><th>${t("claim.receivedRecord")}</th><th>${t("claim.receivedField")}</th><th>${t("claim.receivedValue")}</th></tr></thead><tbody>${fieldRows(d.records)}</tbody></table>`
        : `<pre id="received-text">${esc(d.text)}</pre>`;
  return `${title}<div class="card" id="received" data-dialect="${esc(r.dialect)}" data-format="${esc(d?.format ?? "")}">
      <p>${esc(t("claim.receivedMeta", { dialect: r.dialect, type: r.content_type, size: r.size_bytes }))} · <span class="${unmasked ? "bad" : "muted"}" id="received-masking">${unmasked ? t("claim.receivedUnmasked") : t("claim.receivedMasked")}</span></p>
      ${r.sm3_hex === null ? "" : `<p>${t("claim.receivedSm3")}: <code id="received-sm3">${esc(r.sm3_hex)}</code></p>`}
      ${r.truncated ? `<p class="error" id="received-truncated">${esc(t("claim.receivedTruncated", { kept: r.kept_bytes ?? 0, size: r.size_bytes }))}</p>` : ""}
      ${body}</div>`;
}

/** One claim: summary, findings, the message as received, the timeline with chain blocks and their verification, evidence download. */
export async function renderClaim(main, session, claimId, params) {
  main.innerHTML = `<h1>${esc(t("claim.title", { id: claimId }))}</h1><div id="claim">${t("common.loading")}</div>`;
  const unmask = params.get("unmask") === "1" && session.role === "auditor";
  let c;
  let timeline;
  let decoded;
  try {
    c = (await api(`/api/v1/claims/${claimId}${unmask ? "?unmask=1" : ""}`)).json;
    timeline = (await api(`/api/v1/claims/${claimId}/timeline`)).json;
    decoded = (await api(`/api/v1/claims/${claimId}/record`)).json;
  } catch (err) {
    main.querySelector("#claim").innerHTML = `<p class="card error" id="not-found">${err instanceof ApiError && err.status === 404 ? t("claim.notFound") : esc(t("common.error", { message: err.message }))}</p>`;
    return;
  }
  const head = `<tr><th>${t("claim.event")}</th><th>${t("claim.actor")}</th><th>${t("claim.detail")}</th><th>${t("claim.time")}</th><th>${t("claim.block")}</th><th>${t("claim.hash")}</th><th>${t("claim.verified")}</th></tr>`;
  main.querySelector("#claim").innerHTML = `<div class="card">
      <p>${t("claim.status")}: <b id="claim-status">${esc(t(`outcome.${c.status}`) === `⟦outcome.${c.status}⟧` ? c.status : t(`outcome.${c.status}`))}</b> (${esc(c.status)})</p>
      <p>${t("review.route")}: ${esc(c.mdtrtarea_admvs)} → ${esc(c.insuplc_admdvs)} · ${t("review.institution")}: ${esc(c.fixmedins_code)}</p>
      <p>${t("claim.person")}: <span id="person">${esc(c.psn_name)} ${esc(c.psn_no)}</span> ${session.role === "auditor" && !unmask ? `<a id="unmask" href="#/claims/${claimId}?unmask=1">${t("claim.unmask")}</a>` : ""}</p>
      <p>${t("review.amount")}: ${formatFen(c.medfee_sumamt_fen)} · ${t("claim.fundPay")}: ${formatFen(c.fund_pay_sumamt_fen)}</p>
      <p>${t("review.findings")}: ${c.findings.map((f) => `<b>${esc(f.rule_id)}</b> ${esc(f.message)}: ${esc(f.expected)} / ${esc(f.actual)}`).join("; ") || "—"}</p>
      ${c.review === null ? "" : `<p>${t("claim.review")}: ${esc(c.review.reviewer)} — ${esc(c.review.reason)}</p>`}
      <p><a id="evidence" href="/api/v1/claims/${claimId}/evidence${unmask ? "?unmask=1" : ""}" download>${t("claim.evidence")}</a></p></div>
    ${receivedSection(c.received, unmask)}
    <h1>${t("claim.timeline")}</h1><table id="timeline"><thead>${head}</thead><tbody>${eventRows(timeline.events)}</tbody></table>
    ${timeline.chain_only_events.length === 0 ? "" : `<h1>${t("claim.chainOnly")}</h1><table id="chain-only"><thead>${head}</thead><tbody>${eventRows(timeline.chain_only_events)}</tbody></table>`}
    <h1>${t("claim.decoded")}</h1>
    ${["claim", "adjudication", "verdict", "refusal", "review"]
      .filter((part) => decoded[part] !== null)
      .map((part) => `<details class="card" id="record-${part}"><summary>${t(`claim.part.${part}`)}</summary><pre>${esc(JSON.stringify(decoded[part], null, 2))}</pre></details>`)
      .join("")}`;
}
