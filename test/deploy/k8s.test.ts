// deploy/k8s: plain manifests (base/) and the NATS chart dependency, parsed and cross-checked:
// probes on the METRICS_ADDRESS port, resources, non-root read-only pods, HPAs and PDBs that
// target existing Deployments, env variables the services read, the regulators' console on
// console-only auditor pods of its own, the stream list of the replica job. When kubectl is
// installed, its built-in kustomize renders base/ offline as well.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Buckets, Streams } from "@tongxing/nats";
import { parseAllDocuments } from "yaml";
import { arr, at, exists, obj, portOf, read, ROOT, SERVICES, serviceEnvNames, str, yamlDoc, yamlDocs, type Obj, type ServiceName } from "./deploy-files.ts";

const BASE = "deploy/k8s/base";
const kustomization = yamlDoc(`${BASE}/kustomization.yaml`);
const resourceFiles = arr(kustomization.resources, "resources").map((r) => `${BASE}/${str(r, "resource")}`);
const objects = resourceFiles.flatMap((f) => yamlDocs(f).map((d) => obj(d, f)));
const ofKind = (kind: string): Obj[] => objects.filter((o) => o.kind === kind);
const name = (o: unknown): string => str(at(o, "metadata.name"), "metadata.name");
const deployments = ofKind("Deployment");
const top = yamlDoc("deploy/k8s/kustomization.yaml");
/** Variables Node itself reads (not the services' env.ts): the NATS CA for TLS. */
const NODE_RUNTIME_ENV = new Set(["NODE_EXTRA_CA_CERTS"]);
/** What the console-only auditor sets differently from the settling one. */
const CONSOLE_ENV = new Set(["AUDITOR_CONSOLE_ONLY", "REGULATOR_API_ADDRESS"]);
const deployment = (n: string): Obj => deployments.find((d) => name(d) === n) ?? assert.fail(`Deployment ${n} exists`);
const podLabels = (d: Obj): unknown => at(d, "spec.template.metadata.labels");

function labelsMatch(selector: unknown, labels: unknown): boolean {
  const sel = obj(selector, "selector");
  const l = obj(labels ?? {}, "labels");
  return Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => l[k] === v);
}

function mainContainer(d: Obj): { service: ServiceName; c: Obj } {
  const containers = arr(at(d, "spec.template.spec.containers"), "containers").map((c) => obj(c, "container"));
  assert.equal(containers.length, 1, `${name(d)} runs one container`);
  const c = containers[0]!;
  const image = str(c.image, "image");
  const service = SERVICES.find((s) => image.startsWith(`tongxing/${s}:`));
  assert.ok(service, `${name(d)}: image ${image} is one of the service images`);
  return { service, c };
}

function envOf(c: Obj): Map<string, string> {
  return new Map(arr(c.env ?? [], "env").map((e) => [str(at(e, "name"), "env name"), String(at(e, "value") ?? "")]));
}

function containerPort(c: Obj, port: unknown): number {
  if (typeof port === "number") return port;
  const p = arr(c.ports, "ports").find((x) => at(x, "name") === port);
  assert.ok(p, `named port ${String(port)} exists`);
  return Number(at(p, "containerPort"));
}

test("k8s: base/kustomization.yaml lists every manifest in base/, each parses", () => {
  const onDisk = readdirSync(join(ROOT, BASE)).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").map((f) => `${BASE}/${f}`).sort();
  assert.deepEqual([...resourceFiles].sort(), onDisk);
  assert.deepEqual(deployments.map(name).sort(), [...SERVICES, "auditor-console"].sort(), "one Deployment per service, and the console-only auditors");
  for (const d of deployments) {
    for (const other of deployments) {
      if (other !== d) assert.equal(labelsMatch(at(d, "spec.selector.matchLabels"), podLabels(other)), false, `${name(d)}'s selector leaves ${name(other)}'s pods alone`);
    }
  }
});

test("k8s: each Deployment's probes hit /healthz and /readyz on the port METRICS_ADDRESS binds", () => {
  for (const d of deployments) {
    const { c } = mainContainer(d);
    const metrics = envOf(c).get("METRICS_ADDRESS");
    assert.ok(metrics, `${name(d)} sets METRICS_ADDRESS`);
    assert.match(metrics, /^0\.0\.0\.0:/, `${name(d)}: metrics reachable from the kubelet`);
    const port = portOf(metrics);
    for (const [probe, path] of [["livenessProbe", "/healthz"], ["readinessProbe", "/readyz"], ["startupProbe", "/healthz"]] as const) {
      assert.equal(at(c, `${probe}.httpGet.path`), path, `${name(d)} ${probe} path`);
      assert.equal(containerPort(c, at(c, `${probe}.httpGet.port`)), port, `${name(d)} ${probe} port = METRICS_ADDRESS port ${port}`);
    }
  }
});

test("k8s: resources, non-root, read-only root file system with a writable /tmp", () => {
  for (const d of deployments) {
    const { c } = mainContainer(d);
    for (const r of ["requests.cpu", "requests.memory", "limits.memory"]) assert.ok(at(c, `resources.${r}`), `${name(d)} resources.${r}`);
    const pod = at(d, "spec.template.spec.securityContext");
    assert.equal(at(pod, "runAsNonRoot"), true, `${name(d)} runAsNonRoot`);
    assert.ok(Number(at(pod, "runAsUser")) > 0, `${name(d)} runs as a numeric non-root uid`);
    assert.equal(at(c, "securityContext.readOnlyRootFilesystem"), true, `${name(d)} read-only root fs`);
    assert.equal(at(c, "securityContext.allowPrivilegeEscalation"), false);
    assert.deepEqual(at(c, "securityContext.capabilities.drop"), ["ALL"]);
    const tmp = arr(c.volumeMounts, "volumeMounts").find((m) => at(m, "mountPath") === "/tmp");
    assert.ok(tmp, `${name(d)} mounts /tmp`);
    const vol = arr(at(d, "spec.template.spec.volumes"), "volumes").find((v) => at(v, "name") === at(tmp, "name"));
    assert.ok(at(vol, "emptyDir") !== undefined, "/tmp is an emptyDir");
    assert.ok(labelsMatch(at(d, "spec.selector.matchLabels"), at(d, "spec.template.metadata.labels")), `${name(d)} selector matches its pods`);
  }
});

test("k8s: env variables are exactly ones the services read; NATS_URL is the chart's client Service", () => {
  const release = str(at(arr(top.helmCharts, "helmCharts")[0], "releaseName"), "releaseName");
  for (const d of deployments) {
    const { service, c } = mainContainer(d);
    const reads = serviceEnvNames(service);
    for (const k of envOf(c).keys()) assert.ok(reads.has(k) || NODE_RUNTIME_ENV.has(k), `${name(d)}: ${k} is read by services/${service}/src/config/env.ts`);
    const url = new URL(envOf(c).get("NATS_URL") ?? "");
    assert.equal(url.hostname, release, "NATS_URL names the NATS release's Service");
    assert.equal(url.port, "4222");
  }
});

test("k8s: every HPA and PDB targets an existing Deployment; each Deployment has a PDB, and an HPA or at least 2 fixed replicas", () => {
  const hpas = ofKind("HorizontalPodAutoscaler");
  const pdbs = ofKind("PodDisruptionBudget");
  for (const h of hpas) {
    assert.equal(at(h, "spec.scaleTargetRef.kind"), "Deployment");
    assert.ok(deployments.some((d) => name(d) === at(h, "spec.scaleTargetRef.name")), `HPA ${name(h)} targets an existing Deployment`);
    assert.ok(Number(at(h, "spec.minReplicas")) <= Number(at(h, "spec.maxReplicas")));
  }
  for (const p of pdbs) {
    const sel = at(p, "spec.selector.matchLabels");
    assert.ok(deployments.some((d) => labelsMatch(sel, at(d, "spec.template.metadata.labels"))), `PDB ${name(p)} selects a Deployment's pods`);
  }
  for (const d of deployments) {
    const h = hpas.find((x) => at(x, "spec.scaleTargetRef.name") === name(d));
    const fixed = at(d, "spec.replicas");
    if (h === undefined) assert.ok(Number(fixed) >= 2, `${name(d)}: an HPA or at least 2 replicas`);
    else assert.equal(fixed, undefined, `${name(d)}: the HPA owns the replica count`);
    const least = h === undefined ? Number(fixed) : Number(at(h, "spec.minReplicas"));
    const p = pdbs.filter((x) => labelsMatch(at(x, "spec.selector.matchLabels"), podLabels(d)));
    assert.equal(p.length, 1, `${name(d)} has one PDB`);
    assert.ok(Number(at(p[0], "spec.minAvailable")) < least, `${name(d)}: the PDB still lets a node drain`);
  }
  for (const s of SERVICES) assert.ok(hpas.some((h) => at(h, "spec.scaleTargetRef.name") === s), `the settling ${s} scales on an HPA`);
});

test("k8s: Services select pods and name ports that exist; metrics names match prometheus.yml", () => {
  const prom = yamlDoc("deploy/prometheus/prometheus.yml");
  for (const s of ofKind("Service")) {
    const sel = at(s, "spec.selector");
    if (name(s) === "nats-exporter") {
      assert.equal(obj(sel, "sel")["app.kubernetes.io/instance"], at(arr(top.helmCharts, "helmCharts")[0], "releaseName"), "selects the NATS release's pods");
      continue;
    }
    const d = deployments.find((x) => labelsMatch(sel, at(x, "spec.template.metadata.labels")));
    assert.ok(d, `Service ${name(s)} selects a Deployment's pods`);
    const { c } = mainContainer(d);
    for (const p of arr(at(s, "spec.ports"), "ports")) containerPort(c, at(p, "targetPort"));
  }
  for (const job of arr(prom.scrape_configs, "scrape_configs")) {
    const sd = at(arr(at(job, "dns_sd_configs"), "sd")[0], "names") as unknown[];
    const svc = ofKind("Service").find((s) => name(s) === sd[0]);
    assert.ok(svc, `a Service answers to ${String(sd[0])} (prometheus job ${String(at(job, "job_name"))})`);
    assert.equal(at(svc, "spec.clusterIP"), "None", `${name(svc)} is headless, so each pod is scraped`);
    const port = Number(at(arr(at(job, "dns_sd_configs"), "sd")[0], "port"));
    assert.ok(arr(at(svc, "spec.ports"), "ports").some((p) => Number(at(p, "port")) === port), `${name(svc)} serves port ${port}`);
  }
});

test("k8s: the translator mounts its mTLS Secret (required) and reads it through TLS_*, in production mode", () => {
  const d = deployments.find((x) => name(x) === "translator")!;
  const { c } = mainContainer(d);
  const mount = arr(c.volumeMounts, "mounts").find((m) => at(m, "mountPath") === "/etc/tongxing/tls");
  assert.ok(mount, "mounted at /etc/tongxing/tls");
  assert.equal(at(mount, "readOnly"), true);
  const vol = arr(at(d, "spec.template.spec.volumes"), "volumes").find((v) => at(v, "name") === at(mount, "name"));
  assert.ok(at(vol, "secret.secretName"), "from a Secret");
  assert.notEqual(at(vol, "secret.optional"), true, "the translator cannot start without it");
  const env = new Map(arr(c.env, "env").map((e) => [at(e, "name"), at(e, "value")]));
  assert.equal(env.get("TLS_CA_FILE"), "/etc/tongxing/tls/ca.crt");
  assert.equal(env.get("TLS_CERT_FILE"), "/etc/tongxing/tls/tls.crt");
  assert.equal(env.get("TLS_KEY_FILE"), "/etc/tongxing/tls/tls.key");
  assert.equal(env.get("TONGXING_ENV"), "production", "the development header identity is refused");
  assert.equal(env.get("DEV_HEADER_IDENTITY"), undefined);
  assert.match(read("docs/operations.md"), /TLS_CA_FILE/);
});

test("k8s: the auditor exports period roots to PERIOD_ROOTS_DIR on a persistent volume every auditor pod shares", () => {
  for (const d of [deployment("auditor"), deployment("auditor-console")]) periodRootsOn(d);
  assert.match(read("docs/operations.md"), /tongxing-period-roots/);
});

function periodRootsOn(d: Obj): void {
  const { c } = mainContainer(d);
  const dir = envOf(c).get("PERIOD_ROOTS_DIR");
  assert.ok(dir, "PERIOD_ROOTS_DIR is set");
  const mount = arr(c.volumeMounts, "mounts").find((m) => at(m, "mountPath") === dir);
  assert.ok(mount, `a volume is mounted at ${dir}`);
  assert.notEqual(at(mount, "readOnly"), true, "writable");
  const vol = arr(at(d, "spec.template.spec.volumes"), "volumes").find((v) => at(v, "name") === at(mount, "name"));
  const claimName = str(at(vol, "persistentVolumeClaim.claimName"), "claimName");
  const claim = ofKind("PersistentVolumeClaim").find((x) => name(x) === claimName);
  assert.ok(claim, `the claim ${claimName} is in base/`);
  assert.deepEqual(at(claim, "spec.accessModes"), ["ReadWriteMany"], "several auditor pods (the HPA's minimum is 2, and 2 console pods) write it");
  assert.equal(at(d, "spec.template.spec.securityContext.fsGroup"), 1000, `${name(d)}: the service user may write the volume`);
}

test("k8s: the regulators' console runs on console-only auditor pods of its own, the settling auditor's is loopback only", () => {
  const settling = deployment("auditor");
  const console = deployment("auditor-console");
  const s = mainContainer(settling);
  const k = mainContainer(console);
  assert.equal(k.service, "auditor", "the console pods run the auditor image");
  assert.equal(str(k.c.image, "image"), str(s.c.image, "image"), "the same image and tag");
  const sEnv = envOf(s.c);
  const kEnv = envOf(k.c);
  assert.equal(kEnv.get("AUDITOR_CONSOLE_ONLY"), "1");
  assert.ok(!["1", "true"].includes(sEnv.get("AUDITOR_CONSOLE_ONLY") ?? ""), "the Deployment auditor settles");
  const strip = (e: Map<string, string>) => [...e].filter(([key]) => !CONSOLE_ENV.has(key)).sort(([a], [b]) => a.localeCompare(b));
  assert.deepEqual(strip(kEnv), strip(sEnv), "the same env otherwise (NATS user, keys, AUDITOR_CONCURRENCY that sets the durable consumer auditor's ack-pending limit)");
  for (const path of ["spec.template.spec.volumes", "spec.template.spec.securityContext", "spec.template.spec.automountServiceAccountToken", "spec.template.spec.terminationGracePeriodSeconds"]) {
    assert.deepEqual(at(console, path), at(settling, path), `the same ${path}`);
  }
  for (const field of ["volumeMounts", "securityContext", "resources", "livenessProbe", "readinessProbe", "startupProbe"]) assert.deepEqual(k.c[field], s.c[field], `the same container ${field}`);
  assert.deepEqual(at(console, "spec.template.metadata.annotations"), at(settling, "spec.template.metadata.annotations"), "scraped like the others (prometheus.io annotations)");
  // The console listens beyond loopback on its named port; the settling auditor's only on loopback.
  const consoleApi = str(kEnv.get("REGULATOR_API_ADDRESS"), "console REGULATOR_API_ADDRESS");
  assert.match(consoleApi, /^0\.0\.0\.0:/);
  assert.equal(containerPort(k.c, "regulator-api"), portOf(consoleApi));
  assert.match(sEnv.get("REGULATOR_API_ADDRESS") ?? "", /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/, "the settling auditor's console listens on loopback (the image's default is 0.0.0.0)");
  assert.equal(arr(s.c.ports, "ports").some((p) => at(p, "name") === "regulator-api"), false, "no regulator-api port on a settling pod");
  // labels: the settling Deployment's selector, HPA and PDB leave the console pods alone
  assert.equal(obj(podLabels(console), "labels")["app.kubernetes.io/component"], "console");
  assert.equal(labelsMatch(at(settling, "spec.selector.matchLabels"), podLabels(console)), false);
  assert.equal(ofKind("HorizontalPodAutoscaler").some((h) => at(h, "spec.scaleTargetRef.name") === "auditor-console"), false, "a fixed count, no HPA");
  assert.ok(Number(at(console, "spec.replicas")) >= 2, "two pods, for availability");
  // the regulators' API Service reaches console-only pods and nothing else
  const api = ofKind("Service").find((x) => name(x) === "auditor-api");
  assert.ok(api, "the Service auditor-api");
  const behind = deployments.filter((d) => labelsMatch(at(api, "spec.selector"), podLabels(d)));
  assert.deepEqual(behind.map(name), ["auditor-console"], "auditor-api selects the console pods only");
  for (const d of behind) assert.equal(envOf(mainContainer(d).c).get("AUDITOR_CONSOLE_ONLY"), "1", `${name(d)} behind auditor-api is console-only`);
  for (const p of arr(at(api, "spec.ports"), "ports")) assert.equal(containerPort(k.c, at(p, "targetPort")), portOf(consoleApi), "auditor-api targets the port REGULATOR_API_ADDRESS binds");
  // no other Service offers 8081 of a settling pod
  for (const svc of ofKind("Service")) {
    for (const d of deployments.filter((x) => labelsMatch(at(svc, "spec.selector"), podLabels(x)))) {
      if (envOf(mainContainer(d).c).get("AUDITOR_CONSOLE_ONLY") === "1") continue;
      for (const p of arr(at(svc, "spec.ports"), "ports")) assert.notEqual(at(p, "targetPort"), "regulator-api", `Service ${name(svc)} sends no one to ${name(d)}'s console`);
    }
  }
});

test("k8s: NATS comes from the official chart as a 3-replica JetStream cluster", () => {
  const chart = obj(arr(top.helmCharts, "helmCharts")[0], "chart");
  assert.equal(chart.name, "nats");
  assert.equal(chart.repo, "https://nats-io.github.io/k8s/helm/charts/");
  assert.match(String(chart.version), /^1\.\d+\.\d+$/);
  assert.ok(arr(top.resources, "resources").includes("base"));
  const valuesFile = `deploy/k8s/${str(chart.valuesFile, "valuesFile")}`;
  assert.ok(exists(valuesFile));
  const values = yamlDoc(valuesFile);
  assert.equal(at(values, "config.cluster.enabled"), true);
  assert.equal(at(values, "config.cluster.replicas"), 3);
  assert.equal(at(values, "config.jetstream.enabled"), true);
  assert.equal(at(values, "config.jetstream.fileStore.enabled"), true);
  assert.equal(at(values, "config.jetstream.fileStore.pvc.enabled"), true);
  assert.equal(at(values, "promExporter.enabled"), true);
});

test("k8s/compose: the replica job raises exactly the hub's streams and KV buckets", () => {
  const script = read(`${BASE}/scale-replicas.sh`);
  const listed = (/^STREAMS="([^"]*)"/m.exec(script)?.[1] ?? "").split(/\s+/).filter(Boolean).sort();
  const expected = [...Object.values(Streams), ...Object.values(Buckets).map((b) => `KV_${b}`)].sort();
  assert.deepEqual(listed, expected);
  const job = ofKind("Job").find((j) => name(j) === "tongxing-jetstream-replicas");
  assert.ok(job);
  const cm = arr(at(job, "spec.template.spec.volumes"), "volumes").find((v) => at(v, "configMap") !== undefined);
  const generated = arr(kustomization.configMapGenerator, "configMapGenerator").map((g) => obj(g, "g"));
  assert.ok(generated.some((g) => g.name === at(cm, "configMap.name") && arr(g.files, "files").includes("scale-replicas.sh")), "the script's ConfigMap is generated");
  const sh = spawnSync("sh", ["-n", join(ROOT, BASE, "scale-replicas.sh")], { encoding: "utf8" });
  assert.equal(sh.status, 0, `sh -n: ${sh.stderr}`);
});

test("k8s: kubectl's kustomize renders base/ offline to the same objects", (t) => {
  const probe = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8", timeout: 20_000 });
  if (probe.status !== 0) {
    t.skip("kubectl is not installed");
    return;
  }
  const r = spawnSync("kubectl", ["kustomize", join(ROOT, BASE)], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const rendered = parseAllDocuments(r.stdout).map((d) => obj(d.toJS(), "rendered"));
  const key = (o: Obj): string => `${String(o.kind)}/${name(o)}`;
  const fromFiles = [...objects.map(key), "ConfigMap/tongxing-jetstream-replicas"].sort();
  assert.deepEqual(rendered.map(key).sort(), fromFiles);
  for (const o of rendered) assert.equal(at(o, "metadata.labels")?.constructor, Object, `${key(o)} has labels`);
  for (const o of rendered) assert.equal(obj(at(o, "metadata.labels"), "labels")["app.kubernetes.io/part-of"], "tongxing");
});
