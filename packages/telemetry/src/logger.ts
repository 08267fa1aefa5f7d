import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import { pino, type Logger, type LoggerOptions } from "pino";
import { PERSONAL_ID_FIELDS, PERSONAL_NAME_FIELDS, maskIdNumber, maskName } from "./mask.js";

export type { Logger } from "pino";

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Service name, added to every line as `service`. */
  readonly service: string;
  /** pino level; default "info". */
  readonly level?: string;
  /** Where lines go; default stdout. */
  readonly destination?: NodeJS.WritableStream;
}

const idFields = new Set<string>(PERSONAL_ID_FIELDS);
const nameFields = new Set<string>(PERSONAL_NAME_FIELDS);

/** Masks personal identifiers anywhere in a logged object (depth-bounded). */
function maskDeep(value: unknown, depth: number): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof Error) return errorFields(value, depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string" && idFields.has(k)) out[k] = maskIdNumber(v);
    else if (typeof v === "string" && nameFields.has(k)) out[k] = maskName(v);
    else if (typeof v === "bigint") out[k] = v.toString();
    else out[k] = maskDeep(v, depth + 1);
  }
  return out;
}

/** An error as plain fields (message, stack, code, cause), since masking rebuilds objects. */
function errorFields(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined) out.cause = maskDeep(err.cause, depth + 1);
  return out;
}

/**
 * trace_id and span_id of the span active in the current async context (an RPC's server span,
 * under the Node SDK's context manager), unless the line or its logger already names a trace.
 */
function activeTraceIds(mergeObject: object, _level: number, logger: Logger): Record<string, string> {
  const sc = trace.getSpan(context.active())?.spanContext();
  if (sc === undefined || !isSpanContextValid(sc) || "trace_id" in mergeObject) return {};
  // bindings() parses the child's fields: only asked when a span is active
  return "trace_id" in logger.bindings() ? {} : { trace_id: sc.traceId, span_id: sc.spanId };
}

/**
 * The one way services make a logger: structured JSON lines (pino) with the service name,
 * personal identifiers masked in every logged object. Child loggers carry claim_id and trace_id.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? "info",
    base: { service: options.service },
    formatters: {
      log: (obj) => maskDeep(obj, 0) as Record<string, unknown>,
    },
    mixin: activeTraceIds,
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination as never);
}
