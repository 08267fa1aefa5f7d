// The 31 simulated provincial platforms as their own process (for benchmarks and operators):
// GATEWAY_ADDRESS (default 127.0.0.1:50051; comma-separated translator addresses spread the
// platforms over them), SIM_PROVINCES (comma-separated codes; default all), SIM_MULTI_LINK
// (comma-separated codes linked to every address at once), SIM_MAX_IN_FLIGHT (default 256),
// TONGXING_PKI_DIR (a PKI directory such as .data/pki: each platform connects with its client
// certificate and signs with its SM2 key from that directory where there is one; unset:
// plaintext, for a hub behind the development identity switch), SIM_REFUSE_REVERSAL_MARKER (a
// cancel whose reason contains it is refused; default "SIM-REFUSE-REVERSAL"; empty: every
// reversal is acknowledged).
import { pkiPaths, platformSignersFromPki } from "@tongxing/pki";
import { createLogger } from "@tongxing/telemetry";
import { platformCredentialsFromPki } from "./pki-credentials.js";
import { startSimulatedPlatforms } from "./simulated-platforms.js";

const log = createLogger({ service: "simulator", level: process.env.LOG_LEVEL ?? "info" });
const list = (text: string | undefined) => text?.split(",").map((s) => s.trim()).filter((s) => s !== "");
const addresses = list(process.env.GATEWAY_ADDRESS) ?? ["127.0.0.1:50051"];
const address = addresses[0] ?? "127.0.0.1:50051";
const provinces = list(process.env.SIM_PROVINCES);
const multiLink = list(process.env.SIM_MULTI_LINK);
const pkiDir = process.env.TONGXING_PKI_DIR;
const credentials = pkiDir === undefined || pkiDir === "" ? undefined : platformCredentialsFromPki(pkiPaths(pkiDir));
const platforms = startSimulatedPlatforms({
  address,
  addresses,
  ...(multiLink === undefined ? {} : { multiLinkProvinces: multiLink }),
  maxInFlight: Number(process.env.SIM_MAX_IN_FLIGHT ?? 256),
  ...(process.env.SIM_REFUSE_REVERSAL_MARKER === undefined ? {} : { refuseReversalMarker: process.env.SIM_REFUSE_REVERSAL_MARKER }),
  log,
  ...(provinces === undefined ? {} : { provinces }),
  ...(credentials === undefined ? {} : { credentialsFor: (platform: string) => credentials(platform) }),
  ...(pkiDir === undefined || pkiDir === "" ? {} : { signerFor: platformSignersFromPki(pkiDir) }),
});
log.info({ addresses, platforms: platforms.clients.size, links: platforms.links.length }, "simulated platforms started");
const stop = () => {
  platforms.close();
  log.info("simulated platforms stopped");
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
