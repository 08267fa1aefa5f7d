// `npm start`: the whole hub on this machine — a local nats-server (installed if missing),
// router, auditor and translator, the 31 simulated provincial platforms and a slow stream of
// demo claims. Ctrl-C stops everything in order. With NATS_URL set, that server is used instead.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevAccount } from "@tongxing/auditor";
import { startDemoTraffic, startSimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, type NatsServerProcess } from "@tongxing/nats";
import { bootstrapNats, launchService, type LaunchedService } from "@tongxing/sandbox";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = resolve(root, process.env.TONGXING_DATA_DIR ?? ".data");
const grpcAddress = process.env.GRPC_ADDRESS ?? "127.0.0.1:50051";
const say = (line: string) => console.log(line);

let nats: NatsServerProcess | undefined;
const services: LaunchedService[] = [];
let platforms: ReturnType<typeof startSimulatedPlatforms> | undefined;
let demo: ReturnType<typeof startDemoTraffic> | undefined;
let stopping = false;

async function main(): Promise<void> {
  let natsUrl = process.env.NATS_URL;
  if (natsUrl === undefined) {
    say(`starting nats-server (JetStream, store ${resolve(dataDir, "nats")}) ...`);
    nats = await bootstrapNats({ storeDir: resolve(dataDir, "nats"), say });
    natsUrl = nats.url;
  } else {
    say(`using NATS at ${natsUrl} (NATS_URL)`);
  }
  const env = { NATS_URL: natsUrl, GRPC_ADDRESS: grpcAddress, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" };
  const logDir = resolve(dataDir, "logs");
  const launch = (name: string, readyText: string) => {
    const s = launchService({ name, entry: `services/${name}/src/main.ts`, cwd: root, env, logDir, readyText, onProblem: say });
    services.push(s);
    return s.ready;
  };
  say("starting router, auditor, translator ...");
  await launch("router", "router started");
  await Promise.all([launch("auditor", "auditor started"), launch("translator", "translator listening on")]);
  platforms = startSimulatedPlatforms({ address: grpcAddress });
  const nc = await connectNats({ servers: natsUrl, name: "start" });
  const dev = await ensureDevAccount(nc).finally(() => nc.close());

  say("");
  say("Tongxing hub is running:");
  say(`  NATS JetStream     ${natsUrl}${nats === undefined ? "" : ` (pid ${nats.pid}, data ${resolve(dataDir, "nats")})`}`);
  for (const s of services) say(`  ${s.name.padEnd(18)} pid ${s.pid}, log ${s.logFile}`);
  say(`  gRPC gateway       ${grpcAddress}  (tongxing.v1.ClaimGateway, tongxing.v1.ProvinceLink; reflection and health on)`);
  const consoleAddress = (process.env.REGULATOR_API_ADDRESS ?? "127.0.0.1:8081").replace(/^0\.0\.0\.0:/, "127.0.0.1:");
  say(`  regulators' console http://${consoleAddress}/console/  (REGULATOR_API_ADDRESS) sign in as ${dev.user} / ${dev.password}`);
  say("                     (a national reviewer; more accounts: npm run accounts -- create --user U --role R --scope 37|national)");
  say(`  simulated platforms 31 provinces connected through ProvinceLink`);
  say("  demo claims        one every 1.5 s below; Ctrl-C stops everything");
  say("");
  demo = startDemoTraffic({ address: grpcAddress, say });
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping ...`);
  demo?.stop();
  platforms?.close();
  for (const s of [...services].reverse()) await s.stop();
  await nats?.stop();
  say("stopped.");
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
main().catch(async (err: unknown) => {
  console.error(`\ncould not start the hub: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
  await shutdown("error");
});
// Children run in their own process groups (so Ctrl-C stops them in order); if the launcher
// itself dies, take them down with it.
process.on("exit", () => {
  for (const s of services) s.kill();
  nats?.kill();
});
