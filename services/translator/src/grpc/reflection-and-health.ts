import type { Server } from "@grpc/grpc-js";
import { ClaimGateway, FilingRegistry, InstitutionRegistry, ProvinceLink, Reconciliation } from "@tongxing/proto";
import { file_grpc_health_v1_health } from "./gen/grpc/health/v1/health_pb.js";
import { createHealthService, type HealthService } from "./health-service.js";
import { addServerReflection } from "./server-reflection.js";

const HUB_SERVICES = [ClaimGateway, ProvinceLink, FilingRegistry, InstitutionRegistry, Reconciliation] as const;

/** Service names the health service reports on ("" is the whole server). */
export const HEALTH_SERVICES = ["", ...HUB_SERVICES.map((s) => s.typeName)] as const;

/**
 * Adds server reflection (v1 and v1alpha, from the hub's protobuf-es descriptors) and
 * grpc.health.v1 to the server; every service starts NOT_SERVING.
 */
export function addReflectionAndHealth(server: Server): HealthService {
  addServerReflection(server, {
    files: [...HUB_SERVICES.map((s) => s.file), file_grpc_health_v1_health],
    services: [...HUB_SERVICES.map((s) => s.typeName), "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"],
  });
  const health = createHealthService(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, "NOT_SERVING" as const])));
  health.addToServer(server);
  return health;
}
