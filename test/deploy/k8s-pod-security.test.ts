// The namespace enforces the `restricted` Pod Security level: every pod the deployment creates,
// the services', the console-only auditors' and the Job's from base/ and the NATS chart's rendered
// from nats-values.yaml, must pass it. The checker is shown to refuse what admission refuses (the chart's bare defaults, a
// single missing field), so a green run means something.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { parseAllDocuments } from "yaml";
import { arr, at, obj, ROOT, str, yamlDoc, yamlDocs, type Obj } from "./deploy-files.ts";
import { natsChartPods } from "./nats-chart-pods.ts";
import { restrictedViolations } from "./restricted-pod-security.ts";

const BASE = "deploy/k8s/base";
const top = yamlDoc("deploy/k8s/kustomization.yaml");
const chart = obj(arr(top.helmCharts, "helmCharts")[0], "chart");
const release = str(chart.releaseName, "releaseName");
const values = yamlDoc(`deploy/k8s/${str(chart.valuesFile, "valuesFile")}`);
const baseObjects = arr(yamlDoc(`${BASE}/kustomization.yaml`).resources, "resources").flatMap((r) => yamlDocs(`${BASE}/${str(r, "r")}`).map((d) => obj(d, String(r))));

/** The pod spec inside any workload object, or undefined. */
function podSpecOf(o: Obj): unknown {
  if (o.kind === "Pod") return o.spec;
  if (o.kind === "CronJob") return at(o, "spec.jobTemplate.spec.template.spec");
  return at(o, "spec.template.spec");
}

test("k8s: the namespace enforces, warns and audits the restricted level", () => {
  const ns = yamlDoc("deploy/k8s/namespace.yaml");
  for (const mode of ["enforce", "warn", "audit"]) assert.equal(at(ns, "metadata.labels")?.[`pod-security.kubernetes.io/${mode}` as never], "restricted", mode);
});

test("k8s: every pod template in base/ passes the restricted level", () => {
  const workloads = baseObjects.filter((o) => podSpecOf(o) !== undefined);
  assert.deepEqual(workloads.map((o) => `${String(o.kind)}/${String(at(o, "metadata.name"))}`).sort(), ["Deployment/auditor", "Deployment/auditor-console", "Deployment/router", "Deployment/translator", "Job/tongxing-jetstream-replicas"]);
  for (const o of workloads) assert.deepEqual(restrictedViolations(podSpecOf(o), `${String(o.kind)}/${String(at(o, "metadata.name"))}`), []);
});

test("k8s: the NATS chart's pods (nats, reloader, exporter; nats-box) pass the restricted level with our values", () => {
  const pods = natsChartPods(values, release);
  const containers = pods.flatMap((p) => arr(p.spec.containers, "c").map((c) => String(at(c, "name"))));
  assert.deepEqual(containers.sort(), ["nats", "nats-box", "prom-exporter", "reloader"]);
  for (const p of pods) assert.deepEqual(restrictedViolations(p.spec, p.name), []);
  // the JetStream PVC is writable by the non-root uid only through fsGroup
  const nats = pods.find((p) => p.labels["app.kubernetes.io/component"] === "nats")!;
  assert.ok(Number(at(nats.spec, "securityContext.fsGroup")) > 0, "fsGroup set for the JetStream volume");
});

test("k8s: the checker refuses the chart's defaults and any one missing restricted field", () => {
  const bare = structuredClone(values) as Obj;
  for (const path of ["container", "reloader", "promExporter"]) delete obj(bare[path], path).merge?.["securityContext" as never];
  delete obj(at(bare, "podTemplate.merge"), "m").spec;
  const barePods = natsChartPods(bare, release);
  for (const c of ["nats", "reloader", "prom-exporter"]) {
    assert.ok(restrictedViolations(barePods[0]!.spec, "bare").some((v) => v.includes(`container ${c} allowPrivilegeEscalation`)), `bare ${c} refused`);
  }
  const d = baseObjects.find((o) => o.kind === "Deployment")!;
  const mutations: [string, (s: Obj) => void][] = [
    ["seccomp", (s) => delete obj(s.securityContext, "sc").seccompProfile],
    ["runAsNonRoot", (s) => delete obj(s.securityContext, "sc").runAsNonRoot && delete obj(at(s, "containers.0.securityContext"), "sc").runAsNonRoot],
    ["capabilities", (s) => delete obj(at(s, "containers.0.securityContext"), "sc").capabilities],
    ["escalation", (s) => void (obj(at(s, "containers.0.securityContext"), "sc").allowPrivilegeEscalation = true)],
    ["hostPath", (s) => arr(s.volumes, "v").push({ name: "h", hostPath: { path: "/" } })],
    ["hostNetwork", (s) => void (s.hostNetwork = true)],
  ];
  for (const [what, mutate] of mutations) {
    const spec = structuredClone(podSpecOf(d)) as Obj;
    mutate(spec);
    assert.ok(restrictedViolations(spec, what).length > 0, `without ${what} the pod is refused`);
  }
});

test("k8s: the rendered deployment (kustomize + helm) passes the restricted level", (t) => {
  const helm = spawnSync("helm", ["version", "--short"], { encoding: "utf8", timeout: 20_000 });
  if (helm.status !== 0) {
    t.skip("helm is not installed (kustomize --enable-helm needs it, and the chart repository); the chart's pods are checked from nats-values.yaml above");
    return;
  }
  const r = spawnSync("kubectl", ["kustomize", "--enable-helm", join(ROOT, "deploy/k8s")], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0 && /dial|lookup|connection|no such host|timeout/i.test(r.stderr)) {
    t.skip(`the chart repository is unreachable: ${r.stderr.split("\n")[0]}`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  const rendered = parseAllDocuments(r.stdout).map((d) => obj(d.toJS(), "rendered"));
  const withPods = rendered.filter((o) => podSpecOf(o) !== undefined);
  assert.ok(withPods.some((o) => o.kind === "StatefulSet"), "the chart's StatefulSet is rendered");
  for (const o of withPods) assert.deepEqual(restrictedViolations(podSpecOf(o), `${String(o.kind)}/${String(at(o, "metadata.name"))}`), []);
});
