// The console API from the page: the session cookie travels by itself; state-changing calls
// carry the CSRF token the sign-in answered.
let csrfToken = "";

export function setCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: "same-origin", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  const json = text === "" ? {} : JSON.parse(text);
  if (!res.ok) throw new ApiError(res.status, json.error ?? res.statusText);
  return { status: res.status, json };
}
