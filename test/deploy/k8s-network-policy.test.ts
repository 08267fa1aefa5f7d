// deploy/k8s/base/network-policies.yaml against the pods the deployment really runs (the
// Deployments' and the Job's templates from base/, the NATS chart's pods from nats-values.yaml):
// every selector selects real pods, only the translator's gRPC port is reachable from outside,
// the regulators' API only on the console-only auditor pods and only from labelled clients, the
// services reach only NATS (and DNS), Prometheus may scrape, NATS servers reach each other.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arr, at, obj, str, yamlDoc, yamlDocs, type Obj } from "./deploy-files.ts";
import { natsChartPods } from "./nats-chart-pods.ts";
import { allowed, selecting, selectorMatches, type Endpoint } from "./network-policy-eval.ts";

const NS = "tongxing";
const BASE = "deploy/k8s/base";
const top = yamlDoc("deploy/k8s/kustomization.yaml");
const chart = obj(arr(top.helmCharts, "helmCharts")[0], "chart");
const release = str(chart.releaseName, "releaseName");
const objects = arr(yamlDoc(`${BASE}/kustomization.yaml`).resources, "resources").flatMap((r) => yamlDocs(`${BASE}/${str(r, "r")}`).map((d) => obj(d, String(r))));
const policies = objects.filter((o) => o.kind === "NetworkPolicy");
const nsLabels = { "kubernetes.io/metadata.name": NS };

const labelsOf = (o: Obj): Record<string, string> => obj(at(o, "spec.template.metadata.labels"), "labels") as Record<string, string>;
const workload = (kind: string, name: string): Endpoint => {
  const o = objects.find((x) => x.kind === kind && at(x, "metadata.name") === name);
  assert.ok(o, `${kind}/${name} exists`);
  return { name, namespace: NS, namespaceLabels: nsLabels, labels: labelsOf(o) };
};
const translator = workload("Deployment", "translator");
const router = workload("Deployment", "router");
const auditor = workload("Deployment", "auditor");
const auditorConsole = workload("Deployment", "auditor-console");
const replicasJob = workload("Job", "tongxing-jetstream-replicas");
const [natsPod, boxPod] = natsChartPods(yamlDoc(`deploy/k8s/${str(chart.valuesFile, "valuesFile")}`), release).map((p): Endpoint => ({ name: p.name, namespace: NS, namespaceLabels: nsLabels, labels: p.labels }));
const nats = natsPod!;
const natsBox = boxPod!;
const outside: Endpoint = { name: "a provincial platform on the internet" };
const prometheus: Endpoint = { name: "prometheus", namespace: "monitoring", namespaceLabels: { "kubernetes.io/metadata.name": "monitoring", "tongxing.io/monitoring": "true" }, labels: { "app.kubernetes.io/name": "prometheus" } };
const otherNamespacePod: Endpoint = { name: "a pod in another namespace", namespace: "default", namespaceLabels: { "kubernetes.io/metadata.name": "default" }, labels: { "app.kubernetes.io/name": "prometheus" } };
const sameNamespaceStranger: Endpoint = { name: "an unlabelled pod in tongxing", namespace: NS, namespaceLabels: nsLabels, labels: {} };
/** A pod the operator labels to use the regulators' API (an authenticating proxy, docs/operations.md). */
const REGULATOR_CLIENT_LABEL = "tongxing.io/regulator-api-client";
const regulatorClient: Endpoint = { name: "a labelled regulators' API client in tongxing", namespace: NS, namespaceLabels: nsLabels, labels: { [REGULATOR_CLIENT_LABEL]: "true" } };
const kubeDns: Endpoint = { name: "kube-dns", namespace: "kube-system", namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" }, labels: { "k8s-app": "kube-dns" } };
const ourPods = [translator, router, auditor, auditorConsole, replicasJob, nats, natsBox];
const services = [translator, router, auditor, auditorConsole];
const metricsPort = new Map([
  [translator, 9464],
  [router, 9465],
  [auditor, 9466],
  [auditorConsole, 9466],
  [nats, 7777],
]);
const ALL_PORTS = [53, 443, 4222, 6222, 7777, 8081, 8222, 9464, 9465, 9466, 50051];
const ok = (src: Endpoint, dst: Endpoint, port: number): boolean => allowed(policies, NS, src, dst, port);

test("k8s: every NetworkPolicy selects pods the deployment runs, and every peer selector names real pods", () => {
  assert.ok(policies.length > 0);
  const known = [...ourPods, prometheus, kubeDns];
  for (const p of policies) {
    const name = String(at(p, "metadata.name"));
    assert.ok([...ourPods, regulatorClient].some((e) => selectorMatches(at(p, "spec.podSelector"), e.labels)), `${name} selects at least one of our pods (or the clients the operator labels)`);
    for (const rule of [...arr(at(p, "spec.ingress") ?? [], "i").map((r) => at(r, "from")), ...arr(at(p, "spec.egress") ?? [], "e").map((r) => at(r, "to"))]) {
      for (const peer of arr(rule ?? [], "peers")) {
        if (at(peer, "ipBlock") !== undefined) continue;
        const label = at(peer, "podSelector.matchLabels");
        if (label !== undefined && obj(label, "l")[REGULATOR_CLIENT_LABEL] === "true") continue; // a client the operator labels (docs)
        assert.ok(
          known.some((e) => (at(peer, "namespaceSelector") === undefined ? e.namespace === NS && selectorMatches(at(peer, "podSelector"), e.labels) : selectorMatches(at(peer, "namespaceSelector"), e.namespaceLabels) && selectorMatches(at(peer, "podSelector"), e.labels))),
          `${name}: peer ${JSON.stringify(peer)} matches a real pod`,
        );
      }
    }
  }
  for (const e of ourPods) {
    assert.ok(selecting(policies, NS, e, "Ingress").length > 0, `${e.name} is isolated for ingress`);
    assert.ok(selecting(policies, NS, e, "Egress").length > 0, `${e.name} is isolated for egress`);
  }
});

test("k8s: from outside only the translator's gRPC port is reachable", () => {
  for (const dst of ourPods) for (const port of ALL_PORTS) assert.equal(ok(outside, dst, port), dst === translator && port === 50051, `outside → ${dst.name}:${port}`);
  for (const dst of ourPods) for (const port of ALL_PORTS) assert.equal(ok(otherNamespacePod, dst, port), dst === translator && port === 50051, `another namespace → ${dst.name}:${port}`);
});

test("k8s: the services reach NATS's client port and DNS, nothing else", () => {
  for (const s of services) {
    assert.ok(ok(s, nats, 4222), `${s.name} → nats:4222`);
    assert.ok(ok(s, kubeDns, 53), `${s.name} → DNS`);
    for (const port of ALL_PORTS) {
      if (port !== 4222) assert.equal(ok(s, nats, port), false, `${s.name} → nats:${port}`);
      for (const other of services) assert.equal(ok(s, other, port), false, `${s.name} → ${other.name}:${port}`);
      assert.equal(ok(s, outside, port), false, `${s.name} → outside:${port}`);
    }
  }
  assert.ok(ok(replicasJob, nats, 4222), "the replica job reaches NATS");
  assert.ok(ok(natsBox, nats, 4222), "nats-box reaches NATS");
  assert.equal(ok(sameNamespaceStranger, nats, 4222), false, "an unlabelled pod does not reach NATS");
  for (const dst of [auditor, auditorConsole]) assert.equal(ok(sameNamespaceStranger, dst, 8081), false, `nor the regulators' API on ${dst.name}`);
});

test("k8s: the regulators' API is reachable on the console-only auditor pods alone, from labelled clients alone", () => {
  assert.ok(ok(regulatorClient, auditorConsole, 8081), "a labelled client → auditor-console:8081");
  assert.equal(ok(regulatorClient, auditor, 8081), false, "no regulators' request reaches a settling auditor pod");
  for (const dst of ourPods) {
    for (const port of ALL_PORTS) {
      if (dst === auditorConsole && port === 8081) continue;
      assert.equal(ok(regulatorClient, dst, port), false, `a labelled client → ${dst.name}:${port}`);
    }
  }
  for (const src of [outside, otherNamespacePod, sameNamespaceStranger, ...services]) assert.equal(ok(src, auditorConsole, 8081), false, `${src.name} → auditor-console:8081`);
});

test("k8s: NATS servers form their cluster; Prometheus scrapes every metrics port, others may not", () => {
  assert.ok(ok(nats, nats, 6222), "route between NATS servers");
  assert.equal(ok(nats, outside, 443), false);
  for (const [dst, port] of metricsPort) {
    assert.ok(ok(prometheus, dst, port), `prometheus → ${dst.name}:${port}`);
    assert.equal(ok(otherNamespacePod, dst, port), false, `a look-alike pod in an unlabelled namespace → ${dst.name}:${port}`);
    assert.equal(ok(outside, dst, port), false);
  }
});
