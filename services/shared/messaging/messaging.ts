/**
 * The Kafka side of a service: one idempotent producer, the runtime's outbox relay on it (leasing
 * under the instance's name, so the same instance restarted takes its own rows over at once), the
 * runtime's dedup table as the inbox of handled message ids, the options every generated consumer
 * gets (group suffix, at-least-once with DLQ, error logging), and the consumer-lag sampler.
 */
import {
  createProducer,
  type Admin,
  type ConcordProducer,
  type ConsumerOptions,
  type MessageSpec,
  type SendMetadata,
} from "@concordkit/runtime/kafka";
import type { HealthSource } from "@concordkit/runtime/service";
import { enqueueMessage, SqlDedupStore, SqlOutboxStore, startOutboxRelay, type OutboxRelay } from "@concordkit/runtime/outbox";
import { sampleConsumerLag } from "../observability/consumer-lag.js";
import type { ServiceContext } from "../service.js";
import type { SqlDatabase, SqlExecutor } from "../storage/database.js";

/** A generated consumer or requester as it starts: it reports its groups' health once `joined`. */
export type JoiningConsumer = HealthSource & { readonly joined: Promise<unknown> };

export interface Messaging {
  readonly producer: ConcordProducer;
  readonly outbox: OutboxRelay;
  /** `handleOnce` on the service's store and inbox. */
  handleOnce(messageId: string, work: (tx: SqlExecutor) => Promise<void>): Promise<boolean>;
  /** Options for a generated `start…Consumer`. */
  consumerOptions(): Omit<ConsumerOptions, "groupId" | "handlers"> & { groupId: (contractGroupId: string) => string };
  /**
   * Waits until a consumer has joined its groups and adds it to `/healthz`; given its contract
   * groups and topics (the generated `…ConsumerGroups` and `…Topics`), samples their lag into the metrics.
   */
  joined(consumer: JoiningConsumer, lag?: { groups: readonly string[]; topics: readonly { readonly name: string }[] }): Promise<void>;
  stop(): Promise<void>;
}

/** Adds a message to the outbox inside the caller's transaction (validated now, sent later). */
export async function enqueue<Payload>(
  tx: SqlExecutor,
  spec: MessageSpec<Payload>,
  payload: Payload,
  metadata?: SendMetadata,
): Promise<void> {
  // The store only names the table here: the row goes through `tx`.
  await enqueueMessage(new SqlOutboxStore(tx), tx, spec, payload, metadata);
}

/**
 * Runs `work` in one transaction with recording `messageId` in `inbox`; false, and nothing done,
 * when it was recorded before (a redelivery).
 */
export function handleOnce(
  db: SqlDatabase,
  inbox: SqlDedupStore,
  messageId: string,
  work: (tx: SqlExecutor) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await inbox.claim(tx, messageId))) return false;
    await work(tx);
    return true;
  });
}

export async function startMessaging(context: ServiceContext): Promise<Messaging> {
  const { kafka, logger, metrics, config, db } = context;
  const store = new SqlOutboxStore(db);
  await store.init();
  const inbox = new SqlDedupStore(db);
  await inbox.init();
  const producer = createProducer(kafka);
  await producer.connect();
  const outbox = startOutboxRelay({
    store,
    producer,
    owner: context.instance,
    pollIntervalMs: 200,
    retry: { maxAttempts: Infinity, initialDelayMs: 200, maxDelayMs: 1_000, multiplier: 2 },
    onError: (error) => logger.warn("outbox relay: publish failed, will retry", { err: error }),
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const stopSampling: Array<() => void> = [];
  const groupOf = (id: string) => `${id}${config.groupSuffix}`;

  return {
    producer,
    outbox,
    handleOnce: (messageId, work) => handleOnce(db, inbox, messageId, work),
    consumerOptions: () => ({
      groupId: groupOf,
      producer,
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      retry: { budgetMs: 30_000, initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2 },
      onError: (error, failure) => {
        metrics.errors.inc({ surface: "kafka", operation: failure.topic, code: failure.reason });
        logger.error("message could not be handled", { err: error, ...failure });
      },
      onCrash: (error, crash) => {
        metrics.consumerCrashes.inc({ group: crash.groupId, restarted_by: crash.restartedBy });
        logger.warn("kafka consumer crashed", { err: error, ...crash });
      },
    }),
    async joined(consumer, lag) {
      await consumer.joined;
      context.health.watch(consumer);
      const topics = lag?.topics.map((topic) => topic.name) ?? [];
      for (const group of lag?.groups ?? []) stopSampling.push(sampleConsumerLag(admin, groupOf(group), topics, metrics, logger));
    },
    async stop() {
      for (const stop of stopSampling) stop();
      await outbox.stop();
      await admin.disconnect();
      await producer.disconnect();
    },
  };
}
