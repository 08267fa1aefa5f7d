// grpc.health.v1 (Check, Watch, List) on the protobuf-es generated schema: one status per service
// name ("" is the whole server), watchers told of every change.
// https://github.com/grpc/grpc/blob/master/doc/health-checking.md
import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type Server, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from "@grpc/grpc-js";
import { toGrpcServiceDefinition } from "@tongxing/proto/grpc";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type HealthListRequest,
  type HealthListResponse,
} from "./gen/grpc/health/v1/health_pb.js";

export type HealthStatus = "SERVING" | "NOT_SERVING";

/** The health service of one gRPC server. */
export interface HealthService {
  setStatus(service: string, status: HealthStatus): void;
  addToServer(server: Server): void;
}

export function createHealthService(initial: Readonly<Record<string, HealthStatus>>): HealthService {
  const statuses = new Map<string, ServingStatus>(Object.entries(initial).map(([k, v]) => [k, ServingStatus[v]]));
  const watchers = new Map<string, Set<ServerWritableStream<HealthCheckRequest, HealthCheckResponse>>>();
  const response = (status: ServingStatus): HealthCheckResponse => create(HealthCheckResponseSchema, { status });
  return {
    setStatus(service, status) {
      const next = ServingStatus[status];
      if (statuses.get(service) === next) return;
      statuses.set(service, next);
      for (const w of watchers.get(service) ?? []) w.write(response(next));
    },
    addToServer(server) {
      server.addService(toGrpcServiceDefinition(Health), {
        check(call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>) {
          const s = statuses.get(call.request.service);
          if (s === undefined) callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
          else callback(null, response(s));
        },
        watch(call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) {
          const name = call.request.service;
          call.write(response(statuses.get(name) ?? ServingStatus.SERVICE_UNKNOWN));
          let set = watchers.get(name);
          if (set === undefined) watchers.set(name, (set = new Set()));
          set.add(call);
          call.on("cancelled", () => set.delete(call));
        },
        list(_call: ServerUnaryCall<HealthListRequest, HealthListResponse>, callback: sendUnaryData<HealthListResponse>) {
          callback(null, create(HealthListResponseSchema, { statuses: Object.fromEntries([...statuses].map(([k, v]) => [k, response(v)])) }));
        },
      });
    },
  };
}
