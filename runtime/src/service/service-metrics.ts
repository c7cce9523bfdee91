/**
 * The metrics every service exposes, under the names the reference services use: requests by
 * surface (`http`, `rpc`, `kafka`), operation and result code, failures, latency, dead letters,
 * and a few process gauges. `rpcMetrics` (in `/rpc/node`) and the wrappers here feed them.
 */
import type { ServerContract } from "../server/operation.js";
import { compareSpecificity, compilePath, matchPath, splitPath, type PathTemplate } from "../server/match-path.js";
import { createMetricsRegistry, defaultBuckets, type Counter, type Histogram, type MetricsRegistry } from "./metrics.js";

export type Surface = "http" | "rpc" | "kafka";

export interface ServiceMetrics {
  readonly registry: MetricsRegistry;
  /** `concord_requests_total`: requests (and consumed messages) by surface, operation and code. */
  readonly requests: Counter<"surface" | "operation" | "code">;
  /** `concord_request_errors_total`: those that failed, by code (HTTP status ≥ 400, Connect code, error name). */
  readonly errors: Counter<"surface" | "operation" | "code">;
  /** `concord_request_duration_seconds`. */
  readonly latency: Histogram<"surface" | "operation">;
  /** `concord_kafka_dead_letters_total`: messages sent to `<topic>.dlq`, by group, topic and reason. */
  readonly deadLetters: Counter<"group" | "topic" | "reason">;
  /** Records one finished request or message. */
  record(surface: Surface, operation: string, code: string, failed: boolean, seconds: number): void;
}

export interface ServiceMetricsOptions {
  /** Labels every series with `service`. */
  service?: string;
  /** Registers into this registry instead of a new one. */
  registry?: MetricsRegistry;
  /** `process_resident_memory_bytes`, `process_start_time_seconds`, `nodejs_heap_size_used_bytes` (default true). */
  processMetrics?: boolean;
}

export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = options.registry ?? createMetricsRegistry(options.service ? { defaultLabels: { service: options.service } } : {});
  const labelNames = ["surface", "operation", "code"] as const;
  const requests = registry.counter({ name: "concord_requests_total", help: "Requests served and messages handled", labelNames });
  const errors = registry.counter({ name: "concord_request_errors_total", help: "Requests and messages that failed, by code", labelNames });
  const latency = registry.histogram({
    name: "concord_request_duration_seconds",
    help: "Time to serve a request or handle a message",
    labelNames: ["surface", "operation"] as const,
    buckets: defaultBuckets,
  });
  const deadLetters = registry.counter({
    name: "concord_kafka_dead_letters_total",
    help: "Messages sent to their topic's dead-letter topic",
    labelNames: ["group", "topic", "reason"] as const,
  });
  if (options.processMetrics ?? true) {
    const started = Date.now() / 1000;
    registry.gauge({
      name: "process_start_time_seconds",
      help: "Start time of the process since the Unix epoch, in seconds",
      collect: (g) => g.set({}, started),
    });
    registry.gauge({
      name: "process_resident_memory_bytes",
      help: "Resident memory size in bytes",
      collect: (g) => g.set({}, process.memoryUsage.rss()),
    });
    registry.gauge({
      name: "nodejs_heap_size_used_bytes",
      help: "V8 heap in use, in bytes",
      collect: (g) => g.set({}, process.memoryUsage().heapUsed),
    });
  }
  return {
    registry,
    requests,
    errors,
    latency,
    deadLetters,
    record(surface, operation, code, failed, seconds) {
      requests.inc({ surface, operation, code });
      if (failed) errors.inc({ surface, operation, code });
      latency.observe({ surface, operation }, seconds);
    },
  };
}

interface RequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
}

interface ResponseLike {
  readonly statusCode: number;
  once(event: "close", listener: () => void): unknown;
}

/**
 * Wraps a node:http (or http2 compat) request listener so every response is counted and timed
 * under the operation `operationOf` names (never the raw URL: its cardinality is unbounded).
 */
export function withHttpMetrics<Req extends RequestLike, Res extends ResponseLike>(
  metrics: ServiceMetrics,
  listener: (request: Req, response: Res) => unknown,
  operationOf: (request: Req) => string = (request) => request.method ?? "GET",
): (request: Req, response: Res) => void {
  return (request, response) => {
    const started = process.hrtime.bigint();
    const operation = operationOf(request);
    response.once("close", () => {
      const code = String(response.statusCode);
      metrics.record("http", operation, code, response.statusCode >= 400, Number(process.hrtime.bigint() - started) / 1e9);
    });
    void listener(request, response);
  };
}

/** The operationId a request to `contract`'s router is for (`unmatched` when no operation serves it), for `withHttpMetrics`. */
export function restOperationOf(contract: ServerContract): (request: RequestLike) => string {
  const routes = new Map<string, { template: PathTemplate; byMethod: Map<string, string> }>();
  for (const operation of contract.operations) {
    const route = routes.get(operation.path) ?? { template: compilePath(operation.path), byMethod: new Map<string, string>() };
    route.byMethod.set(operation.method.toUpperCase(), operation.operationId);
    routes.set(operation.path, route);
  }
  const ordered = [...routes.values()].sort((a, b) => compareSpecificity(a.template, b.template));
  const base = contract.basePath === "/" ? "" : contract.basePath;
  return (request) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    const path =
      base === "" ? pathname : pathname === base ? "/" : pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : undefined;
    if (path === undefined) return "unmatched";
    const parts = splitPath(path);
    const route = ordered.find((candidate) => matchPath(candidate.template, parts) !== undefined);
    return route?.byMethod.get((request.method ?? "GET").toUpperCase()) ?? "unmatched";
  };
}

/**
 * Times and counts each call of each function of `handlers` (a consumer's handler object) under
 * its property name: code `ok`, or the error's name. A retried message counts once per attempt.
 */
export function withHandlerMetrics<H extends object>(metrics: ServiceMetrics, surface: Surface, handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    if (typeof handler !== "function") {
      wrapped[name] = handler;
      continue;
    }
    wrapped[name] = async (...args: unknown[]) => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result: unknown = await (handler as (...a: unknown[]) => unknown).apply(handlers, args);
        metrics.record(surface, name, "ok", false, seconds());
        return result;
      } catch (error) {
        metrics.record(surface, name, error instanceof Error ? error.name : "error", true, seconds());
        throw error;
      }
    };
  }
  return wrapped as H;
}
