import { fileURLToPath } from "node:url";
import type { Server } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation } from "grpc-health-check";

/** The repository's proto/ folder: reflection serves the same files the code is generated from. */
const PROTO_ROOT = fileURLToPath(new URL("../../../../proto", import.meta.url));
const SERVICE_FILES = ["tongxing/v1/claim_gateway.proto", "tongxing/v1/province_link.proto", "tongxing/v1/filing.proto", "tongxing/v1/reconciliation.proto"];

/** Service names the health service reports on ("" is the whole server). */
export const HEALTH_SERVICES = ["", "tongxing.v1.ClaimGateway", "tongxing.v1.ProvinceLink", "tongxing.v1.FilingRegistry", "tongxing.v1.InstitutionRegistry", "tongxing.v1.Reconciliation"] as const;

/** Adds server reflection (v1 and v1alpha) and grpc.health.v1 to the server. */
export function addReflectionAndHealth(server: Server): HealthImplementation {
  const definition = loadSync(SERVICE_FILES, { includeDirs: [PROTO_ROOT], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  new ReflectionService(definition).addToServer(server);
  const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, "NOT_SERVING" as const])));
  health.addToServer(server);
  return health;
}
