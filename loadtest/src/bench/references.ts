import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { credentials, makeGenericClientConstructor, Metadata, type Client } from "@grpc/grpc-js";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { runClosedLoop } from "../load/open-loop.js";
import { cpuPerClaim, sampleCpu, type AccountedProcess } from "./cpu-per-claim.js";
import { ECHO_SERVICE } from "./echo-service.js";

/**
 * Physical-limit references measured in the same run as the hub: a bare grpc-js unary echo of
 * the same payload (server in its own process, same client library and call options), and raw
 * JetStream publish and consume rates of the same message size.
 */
export async function measureGrpcEcho(payload: Uint8Array, concurrency: number, durationSec: number): Promise<{ perSec: number; cpuUsPerCall: number }> {
  const entry = fileURLToPath(new URL("./echo-server-main.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", entry], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => {
        const m = /echo listening on (\d+)/.exec(d.toString());
        if (m?.[1] !== undefined) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`echo server exited ${code}`)));
    });
    const Ctor = makeGenericClientConstructor(ECHO_SERVICE, "Echo");
    const client = new Ctor(`127.0.0.1:${port}`, credentials.createInsecure()) as Client & Record<string, (req: Buffer, md: Metadata, o: object, cb: (e: Error | null) => void) => void>;
    const body = Buffer.from(payload);
    const call = () =>
      new Promise<void>((resolve, reject) =>
        client.echo!(body, new Metadata(), { deadline: Date.now() + 10_000 }, (e) => (e ? reject(e) : resolve())),
      );
    await runClosedLoop(concurrency, 1, call); // warm-up
    // Client (this process) and server CPU per call: the same unit as the hub's CPU per claim.
    const accounted: AccountedProcess[] = [{ name: "echo client", pid: "self" }, { name: "echo server", pid: child.pid ?? -1 }];
    const before = sampleCpu(accounted);
    const started = performance.now();
    const result = await runClosedLoop(concurrency, durationSec, call);
    const cpu = cpuPerClaim(before, sampleCpu(accounted), (performance.now() - started) / 1000, result.completed);
    client.close();
    return { perSec: result.perSec, cpuUsPerCall: cpu.total.usPerClaim };
  } finally {
    child.kill("SIGTERM");
  }
}

/** JetStream publish (PubAcks awaited per window of 256) and durable pull consume rates. */
export async function measureJetStream(nc: NatsConnection, payload: Uint8Array, count: number): Promise<{ publishPerSec: number; consumePerSec: number }> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const name = `BENCH_${Date.now()}`;
  await jsm.streams.add({ name, subjects: [`bench.${name}`], storage: StorageType.File, retention: RetentionPolicy.Limits });
  try {
    const started = performance.now();
    for (let sent = 0; sent < count; ) {
      const window: Promise<unknown>[] = [];
      for (let w = 0; w < 256 && sent < count; w++, sent++) window.push(js.publish(`bench.${name}`, payload, { msgID: `m${sent}` }));
      await Promise.all(window);
    }
    const publishPerSec = count / ((performance.now() - started) / 1000);
    await jsm.consumers.add(name, { durable_name: "bench", ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 });
    const consumer = await js.consumers.get(name, "bench");
    const consumeStart = performance.now();
    const messages = await consumer.consume({ max_messages: 1_000 });
    let seen = 0;
    for await (const m of messages) {
      m.ack();
      if (++seen >= count) break;
    }
    await nc.flush();
    const consumePerSec = count / ((performance.now() - consumeStart) / 1000);
    return { publishPerSec, consumePerSec };
  } finally {
    await jsm.streams.delete(name);
  }
}
