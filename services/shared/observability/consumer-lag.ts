import type { Admin } from "@concordkit/runtime/kafka";
import type { Logger } from "@concordkit/runtime/service";
import type { ServiceMetrics } from "./metrics.js";

/**
 * Samples a consumer group's lag (latest offset − committed offset, per partition) into the
 * `concord_kafka_consumer_lag` gauge every `intervalMs`. Returns a stop function.
 */
export function sampleConsumerLag(
  admin: Admin,
  groupId: string,
  topics: string[],
  metrics: ServiceMetrics,
  logger: Logger,
  intervalMs = 5_000,
): () => void {
  let stopped = false;
  async function sample(): Promise<void> {
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const latest = await admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of latest) {
        const done = partitions.find((entry) => entry.partition === partition)?.offset ?? "-1";
        const lag = Number(offset) - Math.max(0, Number(done));
        metrics.consumerLag.set({ group: groupId, topic, partition: String(partition) }, Math.max(0, lag));
      }
    }
  }
  const timer = setInterval(() => {
    if (stopped) return;
    sample().catch((error: unknown) => logger.debug("consumer lag sample failed", { err: error, groupId }));
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
