// The pods the official NATS chart (1.2.x) renders from deploy/k8s/nats-values.yaml, reduced to
// what Pod Security and NetworkPolicies look at: labels, security contexts, volumes, ports. Built
// the way the chart builds them (files/stateful-set/pod-template.yaml and *-container.yaml,
// files/nats-box/deployment/*.yaml: a fixed document, then the values' `merge` applied over it),
// because helm is not on this machine; with helm, k8s-pod-security.test.ts checks the real render.
import { at, obj, type Obj } from "./deploy-files.ts";

export interface ChartPod {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly spec: Obj;
}

function mergeOver(base: Obj, patch: unknown): Obj {
  if (patch === undefined || patch === null) return base;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(obj(patch, "merge"))) {
    const cur = out[k];
    out[k] = typeof v === "object" && v !== null && !Array.isArray(v) && typeof cur === "object" && cur !== null && !Array.isArray(cur) ? mergeOver(cur as Obj, v) : v;
  }
  return out;
}

/** The NATS StatefulSet pod and the nats-box pod, for a values document and a release name. */
export function natsChartPods(values: unknown, release: string): ChartPod[] {
  const selector = { "app.kubernetes.io/name": "nats", "app.kubernetes.io/instance": release };
  const reloader = at(values, "reloader.enabled") !== false; // chart default: enabled
  const exporter = at(values, "promExporter.enabled") === true;
  const tls = at(values, "config.nats.tls.enabled") === true && typeof at(values, "config.nats.tls.secretName") === "string";
  const containers: Obj[] = [
    mergeOver(
      {
        name: "nats",
        ports: [
          { name: "nats", containerPort: 4222 },
          { name: "cluster", containerPort: 6222 },
          { name: "monitor", containerPort: 8222 },
        ],
      },
      at(values, "container.merge"),
    ),
  ];
  if (reloader) containers.push(mergeOver({ name: "reloader" }, at(values, "reloader.merge")));
  if (exporter) containers.push(mergeOver({ name: "prom-exporter", ports: [{ name: "prom-metrics", containerPort: Number(at(values, "promExporter.port") ?? 7777) }] }, at(values, "promExporter.merge")));
  const volumes: Obj[] = [{ name: "config", configMap: { name: `${release}-config` } }];
  if (reloader) volumes.push({ name: "pid", emptyDir: {} });
  if (tls) volumes.push({ name: "nats-tls", secret: { secretName: at(values, "config.nats.tls.secretName") } });
  const natsSpec = mergeOver({ shareProcessNamespace: reloader, containers, volumes }, at(values, "podTemplate.merge.spec"));
  const pods: ChartPod[] = [{ name: `${release} (StatefulSet)`, labels: { ...selector, "app.kubernetes.io/component": "nats" }, spec: natsSpec }];
  if (at(values, "natsBox.enabled") !== false) {
    const box = mergeOver({ name: "nats-box" }, at(values, "natsBox.container.merge"));
    const boxSpec = mergeOver(
      {
        containers: [box],
        volumes: [
          { name: "contexts", secret: { secretName: `${release}-box-contexts` } },
          { name: "contents", secret: { secretName: `${release}-box-contents` } },
        ],
      },
      at(values, "natsBox.podTemplate.merge.spec"),
    );
    pods.push({ name: `${release}-box (Deployment)`, labels: { ...selector, "app.kubernetes.io/component": "nats-box" }, spec: boxSpec });
  }
  return pods;
}
