// One process of the pipeline skeleton, as the bench starts it: SKELETON_ROLE is edge, router,
// auditor or platform; NATS_URL the server; SKELETON_ADDRESS the edge's host:port (the edge
// listens there, the platforms connect to it); SKELETON_PLATFORMS how many platforms;
// SKELETON_SIZES the message sizes as JSON; SKELETON_VARIANT the design (hub, direct, edge-only, link-only, lean). Logs "skeleton ready: <role>" as a JSON line.
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connectNats } from "@tongxing/nats";
import { startSkeletonEdge } from "./skeleton-edge.js";
import { parseSkeletonVariant, platformIds, SKELETON_BUCKET, type SkeletonSizes } from "./skeleton-layout.js";
import { startSkeletonPlatforms } from "./skeleton-platform.js";
import { startSkeletonAuditor, startSkeletonLeanAuditor, startSkeletonRouter } from "./skeleton-relays.js";

const say = (level: number, msg: string) => console.log(JSON.stringify({ level, msg }));

function required(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === "") throw new Error(`${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  const role = required("SKELETON_ROLE");
  const address = required("SKELETON_ADDRESS");
  const platforms = platformIds(Number(process.env.SKELETON_PLATFORMS ?? "31"));
  const sizes = JSON.parse(required("SKELETON_SIZES")) as SkeletonSizes;
  const stops: (() => unknown)[] = [];
  if (role === "platform") {
    stops.push(startSkeletonPlatforms(address, platforms).close);
  } else {
    const nc = await connectNats({ servers: required("NATS_URL"), name: `skeleton-${role}` });
    stops.push(() => nc.drain());
    const js = jetstream(nc);
    const kv = await new Kvm(nc).open(SKELETON_BUCKET);
    if (role === "edge") {
      const port = Number(address.slice(address.lastIndexOf(":") + 1));
      const variant = parseSkeletonVariant(process.env.SKELETON_VARIANT ?? "hub");
      const edge = await startSkeletonEdge({ nc, js, kv, platforms, sizes, window: 64, variant }, port);
      stops.unshift(edge.stop);
    } else if (role === "auditor" && process.env.SKELETON_VARIANT === "lean") {
      const auditor = startSkeletonLeanAuditor({ nc, js, kv, sizes, concurrency: 256 });
      stops.unshift(() => auditor.stop());
    } else if (role === "router" || role === "auditor") {
      const start = role === "router" ? startSkeletonRouter : startSkeletonAuditor;
      const pump = await start({ js, kv, sizes, concurrency: 256 });
      stops.unshift(() => pump.stop());
    } else {
      throw new Error(`SKELETON_ROLE must be edge, router, auditor or platform, got ${role}`);
    }
  }
  say(30, `skeleton ready: ${role}`);
  process.once("SIGTERM", () => {
    void (async () => {
      for (const stop of stops) await stop();
      process.exit(0);
    })();
  });
}

main().catch((err: unknown) => {
  say(60, `skeleton failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
