/**
 * The Kafka side of a service: one idempotent producer, the outbox relay on it, the options
 * every generated consumer gets (group suffix, dedup-free at-least-once with DLQ, error logging),
 * and the consumer-lag sampler.
 */
import { createProducer, type ConcordProducer } from "@concordkit/runtime/kafka";
import type { ConsumerOptions } from "@concordkit/runtime/kafka";
import type { Admin } from "kafkajs";
import { sampleConsumerLag } from "../observability/consumer-lag.js";
import type { ServiceContext } from "../service.js";
import { createInboxTable } from "./inbox.js";
import { createOutboxTable, startOutboxRelay, type OutboxRelay } from "./outbox.js";

export interface Messaging {
  readonly producer: ConcordProducer;
  readonly outbox: OutboxRelay;
  /** Options for a generated `start…Consumer`. */
  consumerOptions(): Omit<ConsumerOptions, "groupId" | "handlers"> & { groupId: (contractGroupId: string) => string };
  /** Samples the lag of these contract groups on these topics into the metrics. */
  watchLag(groups: readonly string[], topics: readonly string[]): void;
  stop(): Promise<void>;
}

export async function startMessaging(context: ServiceContext): Promise<Messaging> {
  const { kafka, logger, metrics, config, db } = context;
  await createOutboxTable(db);
  await createInboxTable(db);
  const producer = createProducer(kafka);
  await producer.connect();
  const outbox = startOutboxRelay(db, producer, logger, { owner: context.instance });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const stopSampling: Array<() => void> = [];
  const groupOf = (id: string) => `${id}${config.groupSuffix}`;

  return {
    producer,
    outbox,
    consumerOptions: () => ({
      groupId: groupOf,
      producer,
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      retry: { budgetMs: 30_000, initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2 },
      onError: (error, failure) => {
        metrics.errors.inc({ surface: "kafka", operation: failure.topic, code: failure.reason });
        logger.error({ err: error, ...failure }, "message could not be handled");
      },
      onCrash: (error, crash) => {
        metrics.consumerCrashes.inc({ group: crash.groupId, restarted_by: crash.restartedBy });
        logger.warn({ err: error, ...crash }, "kafka consumer crashed");
      },
    }),
    watchLag(groups, topics) {
      for (const group of groups) stopSampling.push(sampleConsumerLag(admin, groupOf(group), [...topics], metrics, logger));
    },
    async stop() {
      for (const stop of stopSampling) stop();
      await outbox.stop();
      await admin.disconnect();
      await producer.disconnect();
    },
  };
}
