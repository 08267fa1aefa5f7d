// The Kubernetes `restricted` Pod Security Standard (v1.25+ profile, baseline controls included),
// as a checker over a pod spec: what the namespace's admission (pod-security.kubernetes.io/enforce:
// restricted) would refuse. https://kubernetes.io/docs/concepts/security/pod-security-standards/
import { arr, at, obj, type Obj } from "./deploy-files.ts";

const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function containersOf(spec: Obj): Obj[] {
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((k) => arr(spec[k] ?? [], k).map((c) => obj(c, k)));
}

/** Every way a pod spec breaks the restricted level; empty when admission would accept it. */
export function restrictedViolations(podSpec: unknown, what: string): string[] {
  const spec = obj(podSpec, `${what} pod spec`);
  const pod = obj(spec.securityContext ?? {}, `${what} securityContext`);
  const out: string[] = [];
  const bad = (msg: string): void => void out.push(`${what}: ${msg}`);
  for (const k of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[k] === true) bad(`${k} is true`);
  if (at(pod, "windowsOptions.hostProcess") === true) bad("hostProcess");
  for (const v of arr(spec.volumes ?? [], "volumes")) {
    const types = Object.keys(obj(v, "volume")).filter((k) => k !== "name");
    for (const t of types) if (!RESTRICTED_VOLUME_TYPES.has(t)) bad(`volume ${String(at(v, "name"))} of type ${t}`);
  }
  for (const s of arr(pod.sysctls ?? [], "sysctls")) if (!SAFE_SYSCTLS.has(String(at(s, "name")))) bad(`sysctl ${String(at(s, "name"))}`);
  const podSeccomp = at(pod, "seccompProfile.type");
  if (pod.runAsUser === 0) bad("pod runAsUser 0");
  const containers = containersOf(spec);
  if (containers.length === 0) bad("no containers");
  for (const c of containers) {
    const name = `container ${String(c.name)}`;
    const sc = obj(c.securityContext ?? {}, `${name} securityContext`);
    if (sc.privileged === true) bad(`${name} privileged`);
    if (at(sc, "windowsOptions.hostProcess") === true) bad(`${name} hostProcess`);
    if (sc.allowPrivilegeEscalation !== false) bad(`${name} allowPrivilegeEscalation is not false`);
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) bad(`${name} runAsNonRoot is not true (pod or container)`);
    if (sc.runAsUser === 0) bad(`${name} runAsUser 0`);
    const seccomp = at(sc, "seccompProfile.type") ?? podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") bad(`${name} seccompProfile is ${String(seccomp)} (RuntimeDefault or Localhost required)`);
    const drop = arr(at(sc, "capabilities.drop") ?? [], "drop");
    if (!drop.includes("ALL")) bad(`${name} does not drop ALL capabilities`);
    for (const a of arr(at(sc, "capabilities.add") ?? [], "add")) if (a !== "NET_BIND_SERVICE") bad(`${name} adds capability ${String(a)}`);
    if (sc.procMount !== undefined && sc.procMount !== "Default") bad(`${name} procMount ${String(sc.procMount)}`);
    for (const p of arr(c.ports ?? [], "ports")) if (Number(at(p, "hostPort") ?? 0) !== 0) bad(`${name} hostPort ${String(at(p, "hostPort"))}`);
    for (const ctx of [pod, sc]) {
      const se = obj(ctx.seLinuxOptions ?? {}, "seLinuxOptions");
      if (!SELINUX_TYPES.has(String(se.type ?? ""))) bad(`${name} seLinux type ${String(se.type)}`);
      if (se.user !== undefined || se.role !== undefined) bad(`${name} sets seLinux user/role`);
      const aa = at(ctx, "appArmorProfile.type");
      if (aa !== undefined && aa !== "RuntimeDefault" && aa !== "Localhost") bad(`${name} appArmorProfile ${String(aa)}`);
    }
  }
  return out;
}
