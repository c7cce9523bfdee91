/**
 * The runtime's service metrics (requests, errors, latency by surface, dead letters, process
 * gauges) and three of the reference services' own: retries towards a dependency (seed 001),
 * consumer lag (seed 004) and consumer crashes. One registry per service instance, so several
 * services can run in one test process without sharing counters.
 */
import { createServiceMetrics, type Counter, type Gauge, type ServiceMetrics as RuntimeServiceMetrics } from "@concordkit/runtime/service";

export interface ServiceMetrics extends RuntimeServiceMetrics {
  /** Retries made towards a dependency. */
  readonly retries: Counter<"target">;
  /** Messages behind the group's committed offset, per topic and partition. */
  readonly consumerLag: Gauge<"group" | "topic" | "partition">;
  /** Crashes of a group's Kafka consumer, by who starts it again (kafkajs, concord, none). */
  readonly consumerCrashes: Counter<"group" | "restarted_by">;
}

export function createMetrics(service: string): ServiceMetrics {
  const metrics = createServiceMetrics({ service });
  const { registry } = metrics;
  return {
    ...metrics,
    retries: registry.counter({ name: "concord_retries_total", help: "Retries towards a dependency", labelNames: ["target"] as const }),
    consumerLag: registry.gauge({
      name: "concord_kafka_consumer_lag",
      help: "Messages not yet committed by the consumer group",
      labelNames: ["group", "topic", "partition"] as const,
    }),
    consumerCrashes: registry.counter({
      name: "concord_kafka_consumer_crashes_total",
      help: "Crashes of a consumer group's Kafka consumer, by who restarts it",
      labelNames: ["group", "restarted_by"] as const,
    }),
  };
}
