// Every object of deploy/k8s (namespace, base/, and the NATS chart's pods built from our values)
// against the Kubernetes OpenAPI schemas, as shipped compiled to ajv validators in the npm package
// kubernetes-models (4.x: the line that runs on Node 20; docs/decisions/k8s-schema-validation.md).
// What it does not catch: unknown fields (the schemas allow additional properties; kubeconform
// -strict would), so the explicit field checks in k8s*.test.ts stay.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job } from "kubernetes-models/batch/v1/Job";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { Service } from "kubernetes-models/v1/Service";
import { arr, at, obj, str, yamlDoc, yamlDocs, type Obj } from "./deploy-files.ts";
import { natsChartPods } from "./nats-chart-pods.ts";

interface Validatable {
  validate(): void;
}
type Model = new (data: never) => Validatable;

const MODELS: Record<string, Model> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/Namespace": Namespace,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "v1/Pod": Pod,
  "v1/Service": Service,
};

const BASE = "deploy/k8s/base";
const top = yamlDoc("deploy/k8s/kustomization.yaml");
const chart = obj(arr(top.helmCharts, "helmCharts")[0], "chart");

function schemaErrors(o: Obj): string | undefined {
  const key = `${String(o.apiVersion)}/${String(o.kind)}`;
  const model = MODELS[key];
  assert.ok(model, `a schema for ${key}`);
  try {
    new model(o as never).validate();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function allObjects(): Obj[] {
  const base = arr(yamlDoc(`${BASE}/kustomization.yaml`).resources, "resources").flatMap((r) => yamlDocs(`${BASE}/${str(r, "r")}`).map((d) => obj(d, String(r))));
  const pods = natsChartPods(yamlDoc(`deploy/k8s/${str(chart.valuesFile, "valuesFile")}`), str(chart.releaseName, "releaseName")).map(
    (p): Obj => ({ apiVersion: "v1", kind: "Pod", metadata: { name: p.name.replace(/\W.*$/, ""), labels: p.labels }, spec: p.spec }),
  );
  return [yamlDoc("deploy/k8s/namespace.yaml"), ...base, ...pods];
}

test("k8s schema: every object validates against the Kubernetes OpenAPI schema", () => {
  const objects = allObjects();
  assert.ok(objects.length >= 20, `${objects.length} objects`);
  for (const o of objects) assert.equal(schemaErrors(o), undefined, `${String(o.kind)}/${String(at(o, "metadata.name"))}`);
});

test("k8s schema: the validator refuses wrong types and missing required fields", () => {
  const deployment = allObjects().find((o) => o.kind === "Deployment")!;
  const broken: [string, (o: Obj) => void][] = [
    ["replicas as a string", (o) => void (obj(o.spec, "spec").replicas = "2")],
    ["a container without a name", (o) => delete obj(at(o, "spec.template.spec.containers.0"), "c").name],
    ["a port number as text", (o) => void (obj(at(o, "spec.template.spec.containers.0.ports.0"), "p").containerPort = "http")],
    ["capabilities.drop not a list", (o) => void (obj(at(o, "spec.template.spec.containers.0.securityContext.capabilities"), "c").drop = "ALL")],
  ];
  for (const [what, mutate] of broken) {
    const o = structuredClone(deployment);
    mutate(o);
    assert.notEqual(schemaErrors(o), undefined, `${what} is refused`);
  }
  const policy = allObjects().find((o) => o.kind === "NetworkPolicy")!;
  const p = structuredClone(policy);
  obj(p.spec, "spec").podSelector = { matchLabels: { app: 1 } };
  assert.notEqual(schemaErrors(p), undefined, "a label value must be a string");
});
