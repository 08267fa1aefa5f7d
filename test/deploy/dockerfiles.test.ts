// The service images: multi-stage, slim runtime, non-root, HEALTHCHECK on the metrics port,
// only variables the service reads, and a build context (.dockerignore) that still holds what
// the image copies. No Docker engine is needed; the healthcheck script runs for real.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { dockerIgnored, dockerInstructions, envPairs, exists, portOf, read, ROOT, SERVICES, serviceEnvNames, type Instruction } from "./deploy-files.ts";

const ignore = read(".dockerignore").split("\n");

/** The root package's engines.node range, e.g. "^20.10.0 || ^24.0.0". */
function enginesRange(): string {
  return (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
}

/** The Node majors the engines range names, one per `^N…` alternative. */
function enginesMajors(): number[] {
  return enginesRange()
    .split("||")
    .map((alt) => /^\s*\^(\d+)\./.exec(alt)?.[1])
    .map(Number)
    .filter((n) => n > 0);
}

test("package.json engines: the Node tested here (process.version) is one it names", () => {
  assert.ok(enginesMajors().length >= 2, `engines names the tested Node and the image's: ${enginesRange()}`);
  assert.ok(enginesMajors().includes(Number(process.versions.node.split(".")[0])), `engines ${enginesRange()} includes the running Node ${process.version}`);
});

function stages(ins: readonly Instruction[]): { from: string; name: string | undefined; body: Instruction[] }[] {
  const out: { from: string; name: string | undefined; body: Instruction[] }[] = [];
  for (const i of ins) {
    if (i.keyword === "FROM") {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args);
      assert.ok(m, `FROM ${i.args}`);
      out.push({ from: m[1] ?? "", name: m[2], body: [] });
    } else out.at(-1)?.body.push(i);
  }
  return out;
}

for (const service of SERVICES) {
  const file = `services/${service}/Dockerfile`;

  test(`${file}: multi-stage, slim base, ends as a non-root user, runs the service's main.ts`, () => {
    const ins = dockerInstructions(file);
    const args = new Map(ins.filter((i) => i.keyword === "ARG").map((i) => i.args.split("=") as [string, string]));
    const st = stages(ins);
    assert.ok(st.length >= 2, "at least a build and a runtime stage");
    const runtime = st.at(-1)!;
    const base = runtime.from.replace(/^\$\{(\w+)\}$/, (_, n: string) => args.get(n) ?? "");
    const m = /^node:(\d+)-bookworm-slim$/.exec(base);
    assert.ok(m, `runtime image ${runtime.from} → ${base} is node:<major>-bookworm-slim`);
    const major = Number(m[1]);
    assert.ok(major >= 22 && major % 2 === 0, `Node ${major} is an LTS line (even, 22 or later; 20 left LTS in April 2026)`);
    assert.equal(st[0]!.from, runtime.from, "build and runtime stages run the same Node");
    assert.ok(enginesMajors().includes(major), `package.json engines (${enginesRange()}) names Node ${major}`);
    const copiesFromBuild = runtime.body.filter((i) => i.keyword === "COPY" && /--from=(\S+)/.test(i.args));
    assert.ok(copiesFromBuild.length > 0, "the runtime stage copies from an earlier stage");
    for (const c of copiesFromBuild) {
      const from = /--from=(\S+)/.exec(c.args)?.[1];
      assert.ok(st.slice(0, -1).some((s) => s.name === from), `COPY --from=${from} names an earlier stage`);
    }
    const users = runtime.body.filter((i) => i.keyword === "USER");
    assert.ok(users.length > 0, "the runtime stage sets USER");
    const user = users.at(-1)!.args.split(":")[0];
    assert.ok(user !== "root" && user !== "0" && user !== "", `final USER ${user} is not root`);
    const lastUserIdx = ins.lastIndexOf(users.at(-1)!);
    assert.ok(!ins.slice(lastUserIdx + 1).some((i) => i.keyword === "USER"), "nothing switches back after the final USER");
    const cmd = runtime.body.filter((i) => i.keyword === "CMD").at(-1);
    assert.ok(cmd, "CMD");
    assert.deepEqual(JSON.parse(cmd.args), ["node", "--import", "tsx", `services/${service}/src/main.ts`]);
    assert.ok(exists(`services/${service}/src/main.ts`));
  });

  test(`${file}: installs only production dependencies of @tongxing/${service}, and tsx is one`, () => {
    const run = dockerInstructions(file).filter((i) => i.keyword === "RUN").map((i) => i.args).join(" ");
    assert.match(run, /npm ci\b/);
    assert.match(run, /--omit=dev/);
    const ws = /--workspace[= ](\S+)/.exec(run)?.[1];
    const pkg = JSON.parse(read(`services/${service}/package.json`)) as { name: string };
    assert.equal(ws, pkg.name, "the workspace installed is the service's package");
    // the runtime runs sources through tsx, so an --omit=dev install must include it
    const root = JSON.parse(read("package.json")) as { dependencies?: Record<string, string> };
    assert.ok(root.dependencies?.tsx, "tsx is a production dependency of the root package");
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { dev?: boolean }> };
    assert.notEqual(lock.packages["node_modules/tsx"]?.dev, true, "package-lock.json does not mark tsx dev-only");
  });

  test(`${file}: ENV names are ones the ${service} reads; HEALTHCHECK probes /healthz on METRICS_ADDRESS's port`, () => {
    const ins = dockerInstructions(file);
    const runtime = stages(ins).at(-1)!;
    const env = new Map<string, string>();
    for (const i of runtime.body.filter((x) => x.keyword === "ENV")) for (const [k, v] of envPairs(i.args)) env.set(k, v);
    const reads = serviceEnvNames(service);
    for (const name of env.keys()) assert.ok(reads.has(name), `ENV ${name} is read by services/${service}/src/config/env.ts`);
    const metrics = env.get("METRICS_ADDRESS");
    assert.ok(metrics, "METRICS_ADDRESS has a fixed default in the image");
    const exposed = runtime.body.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.split(/\s+/)).map(Number);
    assert.ok(exposed.includes(portOf(metrics)), `EXPOSE includes the metrics port ${portOf(metrics)}`);
    const hc = runtime.body.find((i) => i.keyword === "HEALTHCHECK");
    assert.ok(hc, "HEALTHCHECK");
    const hcCmd = JSON.parse(hc.args.replace(/^.*?CMD\s+/, "")) as string[];
    assert.equal(hcCmd[0], "node");
    assert.ok(exists(hcCmd[1] ?? ""), `${hcCmd[1]} exists`);
    assert.equal(hcCmd[2], "/healthz");
    const copied = runtime.body.filter((i) => i.keyword === "COPY").map((i) => i.args).join("\n");
    assert.ok(copied.includes(hcCmd[1] ?? "?"), "the runtime stage copies the healthcheck script");
  });

  test(`${file}: what the build stage copies exists and is not excluded by .dockerignore`, () => {
    const build = stages(dockerInstructions(file))[0]!;
    const sources = build.body
      .filter((i) => i.keyword === "COPY" && !i.args.includes("--from="))
      .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith("--")).slice(0, -1));
    assert.ok(sources.length > 0);
    for (const src of sources) {
      assert.ok(exists(src), `${src} exists in the build context (the repository root)`);
      assert.equal(dockerIgnored(ignore, src), false, `${src} is not excluded by .dockerignore`);
    }
    for (const needed of ["proto/tongxing/v1", `services/${service}/src/main.ts`, "packages/proto/src/gen", "packages/runtime/src/mod.ts", "deploy/docker/healthcheck.mjs"]) {
      assert.equal(dockerIgnored(ignore, needed), false, `${needed} stays in the context`);
    }
    for (const out of ["node_modules/tsx", "packages/nats/node_modules/x", ".git/HEAD", ".data/nats", `services/${service}/src/x.test.ts`]) {
      assert.equal(dockerIgnored(ignore, out), true, `${out} is kept out of the context`);
    }
  });
}

test("healthcheck.mjs: 0 on a 200 from the path on METRICS_ADDRESS's port, 1 otherwise", async () => {
  const server = createServer((req, res) => res.writeHead(req.url === "/healthz" ? 200 : 503).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const script = join(ROOT, "deploy/docker/healthcheck.mjs");
  const run = async (address: string, ...args: string[]): Promise<number | null> => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, METRICS_ADDRESS: address }, stdio: "ignore" });
    return new Promise((r) => child.once("exit", (code) => r(code)));
  };
  try {
    assert.equal(await run(`0.0.0.0:${port}`, "/healthz"), 0, "wildcard bind is probed on loopback");
    assert.equal(await run(`127.0.0.1:${port}`), 0, "default path /healthz");
    assert.equal(await run(`0.0.0.0:${port}`, "/readyz"), 1, "503 is unhealthy");
    assert.equal(await run("127.0.0.1:0"), 1, "port 0 cannot be probed");
  } finally {
    server.close();
  }
  const closed = spawnSync(process.execPath, [script], { env: { ...process.env, METRICS_ADDRESS: `127.0.0.1:${port}` } });
  assert.equal(closed.status, 1, "nothing listening");
});
