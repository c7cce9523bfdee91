/**
 * The Prometheus metrics every service exposes on `/metrics` (seed 001: RPS, errors by code,
 * latency P50/P90/P99, retry rate; seed 004: consumer lag). One registry per service instance,
 * so several services can run in one test process without sharing counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Bucket edges (seconds) dense enough around 1–500 ms for p50/p90/p99 to be read off the histogram. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Requests served, by surface (http, rpc, kafka), operation and result code. */
  readonly requests: Counter<"surface" | "operation" | "code">;
  /** Failed requests, by surface, operation and code (HTTP status, Connect code, or `error`). */
  readonly errors: Counter<"surface" | "operation" | "code">;
  readonly latency: Histogram<"surface" | "operation">;
  /** Retries made towards a dependency. */
  readonly retries: Counter<"target">;
  /** Messages behind the group's committed offset, per topic and partition. */
  readonly consumerLag: Gauge<"group" | "topic" | "partition">;
  /** Crashes of a group's Kafka consumer, by who starts it again (kafkajs, concord, none). */
  readonly consumerCrashes: Counter<"group" | "restarted_by">;
}

export function createMetrics(service: string, options: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const labels = ["surface", "operation", "code"] as const;
  return {
    registry,
    requests: new Counter({ name: "concord_requests_total", help: "Requests served", labelNames: labels, registers: [registry] }),
    errors: new Counter({ name: "concord_request_errors_total", help: "Requests that failed, by code", labelNames: labels, registers: [registry] }),
    latency: new Histogram({
      name: "concord_request_duration_seconds",
      help: "Time to serve a request",
      labelNames: ["surface", "operation"] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    retries: new Counter({ name: "concord_retries_total", help: "Retries towards a dependency", labelNames: ["target"] as const, registers: [registry] }),
    consumerLag: new Gauge({
      name: "concord_kafka_consumer_lag",
      help: "Messages not yet committed by the consumer group",
      labelNames: ["group", "topic", "partition"] as const,
      registers: [registry],
    }),
    consumerCrashes: new Counter({
      name: "concord_kafka_consumer_crashes_total",
      help: "Crashes of a consumer group's Kafka consumer, by who restarts it",
      labelNames: ["group", "restarted_by"] as const,
      registers: [registry],
    }),
  };
}
