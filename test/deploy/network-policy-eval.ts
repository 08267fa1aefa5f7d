// Kubernetes NetworkPolicy semantics, small enough to read: a connection is allowed when the
// source's egress policies (if any select it) and the destination's ingress policies (if any
// select it) both allow it. Label selectors with matchLabels and matchExpressions; peers by
// podSelector, namespaceSelector (both = both must match) or ipBlock (outside endpoints only).
import { arr, at, obj, type Obj } from "./deploy-files.ts";

export interface Endpoint {
  readonly name: string;
  /** undefined: outside the cluster (an address only an ipBlock peer can name) */
  readonly namespace?: string;
  readonly namespaceLabels?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

export function selectorMatches(selector: unknown, labels: Record<string, string> = {}): boolean {
  if (selector === undefined || selector === null) return true;
  const sel = obj(selector, "selector");
  for (const [k, v] of Object.entries(obj(sel.matchLabels ?? {}, "matchLabels"))) if (labels[k] !== v) return false;
  for (const e of arr(sel.matchExpressions ?? [], "matchExpressions")) {
    const key = String(at(e, "key"));
    const values = arr(at(e, "values") ?? [], "values").map(String);
    const has = Object.hasOwn(labels, key);
    switch (at(e, "operator")) {
      case "In":
        if (!has || !values.includes(labels[key] ?? "")) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[key] ?? "")) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${String(at(e, "operator"))}`);
    }
  }
  return true;
}

function peerMatches(peer: unknown, policyNamespace: string, other: Endpoint): boolean {
  const p = obj(peer, "peer");
  if (p.ipBlock !== undefined) return other.namespace === undefined;
  if (other.namespace === undefined) return false;
  if (p.namespaceSelector === undefined) return other.namespace === policyNamespace && selectorMatches(p.podSelector, other.labels);
  return selectorMatches(p.namespaceSelector, other.namespaceLabels) && selectorMatches(p.podSelector, other.labels);
}

function portMatches(ports: unknown, port: number): boolean {
  if (ports === undefined) return true;
  return arr(ports, "ports").some((p) => (at(p, "protocol") ?? "TCP") === "TCP" && Number(at(p, "port")) === port);
}

function policyTypes(p: Obj): string[] {
  const declared = at(p, "spec.policyTypes");
  if (declared !== undefined) return arr(declared, "policyTypes").map(String);
  return at(p, "spec.egress") !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Policies (in `namespace`) of a direction that select the endpoint; empty: not isolated. */
export function selecting(policies: readonly Obj[], namespace: string, e: Endpoint, direction: "Ingress" | "Egress"): Obj[] {
  if (e.namespace !== namespace) return [];
  return policies.filter((p) => policyTypes(p).includes(direction) && selectorMatches(at(p, "spec.podSelector"), e.labels));
}

/** Whether a TCP connection from `src` to `dst` on `port` is allowed by the namespace's policies. */
export function allowed(policies: readonly Obj[], namespace: string, src: Endpoint, dst: Endpoint, port: number): boolean {
  const egress = selecting(policies, namespace, src, "Egress");
  const egressOk =
    egress.length === 0 ||
    egress.some((p) => arr(at(p, "spec.egress") ?? [], "egress").some((r) => portMatches(at(r, "ports"), port) && (at(r, "to") === undefined || arr(at(r, "to"), "to").some((peer) => peerMatches(peer, namespace, dst)))));
  const ingress = selecting(policies, namespace, dst, "Ingress");
  const ingressOk =
    ingress.length === 0 ||
    ingress.some((p) => arr(at(p, "spec.ingress") ?? [], "ingress").some((r) => portMatches(at(r, "ports"), port) && (at(r, "from") === undefined || arr(at(r, "from"), "from").some((peer) => peerMatches(peer, namespace, src)))));
  return egressOk && ingressOk;
}
