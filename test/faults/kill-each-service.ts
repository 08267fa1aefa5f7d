import { startSimulatedPlatforms } from "@tongxing/loadtest";
import { startTestHub, type ServiceName } from "@tongxing/testkit";
import { runClaimLoad } from "./claim-load.js";
import { measureFaultFigures, type FaultFigures } from "./fault-figures.js";

/** Options for {@link runKillEachService}. */
export interface KillEachServiceOptions {
  readonly claims: number;
  readonly perSecond: number;
  readonly provinces?: readonly string[];
  /** How long a killed service stays down. */
  readonly downMs?: number;
}

const ORDER: readonly ServiceName[] = ["router", "auditor", "translator"];

/**
 * Every service runs as its own process; under an open-loop load each is SIGKILLed in turn (a
 * quarter, half and three quarters into the load), stays down `downMs`, and is started again.
 * Counters resend with the same idempotency key until answered.
 */
export async function runKillEachService(options: KillEachServiceOptions): Promise<FaultFigures> {
  const provinces = options.provinces ?? ["11", "31", "32", "37", "44", "51"];
  const hub = await startTestHub({ asProcess: [...ORDER] });
  const platforms = startSimulatedPlatforms({ address: hub.address, provinces: [...provinces] });
  const startedMs = Date.now();
  const restarts: Promise<void>[] = [];
  try {
    const killAt = new Map(ORDER.map((name, k) => [Math.floor((options.claims * (k + 1)) / (ORDER.length + 1)), name]));
    const load = await runClaimLoad({
      address: hub.address,
      provinces,
      claims: options.claims,
      perSecond: options.perSecond,
      beforeClaim: async (i) => {
        const name = killAt.get(i);
        if (name === undefined) return;
        await Promise.all(restarts); // one service down at a time
        await hub.kill(name);
        restarts.push(new Promise((r) => setTimeout(r, options.downMs ?? 1_000)).then(() => hub.restart(name)));
      },
    });
    await Promise.all(restarts);
    return await measureFaultFigures(hub.nats.url, "SIGKILL router, auditor, translator in turn under load", load, startedMs);
  } finally {
    platforms.close();
    await hub.stop();
  }
}
