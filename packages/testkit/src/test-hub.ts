import { createAuditor, type Auditor } from "@tongxing/auditor";
import { createRouter, type Router } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { createTranslator, type Translator } from "@tongxing/translator";
import { startServiceProcess, type ServiceProcess } from "./service-process.js";
import { startTestNats, type TestNats } from "./test-nats.js";

/** Options for {@link startTestHub}. */
export interface TestHubOptions {
  /** Run the router as a child process (so a test can SIGKILL it). Default false. */
  readonly routerAsProcess?: boolean;
  /** Log level of the in-process services. Default "warn" (LOG_LEVEL overrides). */
  readonly logLevel?: string;
}

/** A whole hub on loopback: fresh nats-server, router, auditor and translator (port 0). */
export interface TestHub {
  readonly nats: TestNats;
  /** host:port of the gRPC gateway. */
  readonly address: string;
  readonly translator: Translator;
  readonly auditor: Auditor;
  /** The in-process router, when not run as a process. */
  readonly router?: Router;
  /** The router process, when run as one. */
  routerProcess?: ServiceProcess;
  /** Starts a new router process (after a kill). */
  restartRouterProcess(): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const level = process.env.LOG_LEVEL ?? options.logLevel ?? "warn";
  const nats = await startTestNats();
  const natsUrl = nats.url;
  const startRouterProcess = () => startServiceProcess("router", { NATS_URL: natsUrl }, "router started");
  let router: Router | undefined;
  let routerProcess: ServiceProcess | undefined;
  if (options.routerAsProcess === true) {
    routerProcess = await startRouterProcess();
  } else {
    router = createRouter({ natsUrl }, createLogger({ service: "router", level }));
    await router.start();
  }
  const auditor = createAuditor({ natsUrl }, createLogger({ service: "auditor", level }));
  await auditor.start();
  const translator = createTranslator({ natsUrl, grpcAddress: "127.0.0.1:0" }, createLogger({ service: "translator", level }));
  const address = await translator.start();

  const hub: TestHub = {
    nats,
    address,
    translator,
    auditor,
    ...(router === undefined ? {} : { router }),
    ...(routerProcess === undefined ? {} : { routerProcess }),
    async restartRouterProcess() {
      const p = await startRouterProcess();
      hub.routerProcess = p;
      return p;
    },
    async stop() {
      await translator.stop();
      await auditor.stop();
      await router?.stop();
      await hub.routerProcess?.stop();
      await nats.stop();
    },
  };
  return hub;
}
