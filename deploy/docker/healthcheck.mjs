// Container HEALTHCHECK for the Tongxing services: GET /healthz (default) or the path given as the
// first argument on the port of METRICS_ADDRESS, the variable every service reads for its
// /metrics, /healthz and /readyz endpoint. The images have no curl or wget, so this runs on node.
// Exit 0 on a 200 answer, 1 on anything else (including no answer within 3 s).
const address = process.env.METRICS_ADDRESS ?? "";
const m = /^(\S+):(\d{1,5})$/.exec(address);
if (m === null || m[2] === "0") {
  console.error(`healthcheck: METRICS_ADDRESS must be host:port with a fixed port, got "${address}"`);
  process.exit(1);
}
const bound = m[1].replace(/^\[(.*)\]$/, "$1");
// A wildcard bind answers on loopback; a specific address is probed where it is bound.
const host = bound === "0.0.0.0" || bound === "::" ? "127.0.0.1" : bound;
const path = process.argv[2] ?? "/healthz";
const url = `http://${host.includes(":") ? `[${host}]` : host}:${m[2]}${path}`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (res.status !== 200) {
    console.error(`healthcheck: ${url} answered ${res.status}`);
    process.exit(1);
  }
} catch (err) {
  console.error(`healthcheck: ${url}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
