/**
 * The consumer loop generated handlers run in. At-least-once: an offset is committed only after
 * its message was handled, dead-lettered, or skipped as a duplicate. A failing handler is retried
 * with the one backoff policy (../retry.ts); after the last attempt, or at once for a message
 * that fails validation, the record goes to `<topic>.dlq` and the partition moves on.
 */
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";
import { ConcordError } from "../errors.js";
import { backoffDelay, defaultRetryPolicy, sleep, type RetryPolicy } from "../retry.js";
import { deadLetterRecord, type DeadLetterReason } from "./dead-letter.js";
import { decodeRecord, type AnyHandlerBinding } from "./decode.js";
import { StoppedError } from "./errors.js";
import { createProducer, type ConcordProducer } from "./producer.js";
import type { DedupStore, ReceivedMessage } from "./types.js";

export { bindHandler, type AnyHandlerBinding } from "./decode.js";

/** What `onError` learns about a message that could not be handled. */
export interface ConsumeFailure {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly messageId: string;
  readonly reason: DeadLetterReason;
  readonly attempts: number;
  /** Whether the record went to `<topic>.dlq` (false only with `dlq: false`: it was dropped). */
  readonly deadLettered: boolean;
}

export interface ConsumerOptions {
  groupId: string;
  /** One binding per handled message; their topics are subscribed. */
  handlers: readonly AnyHandlerBinding[];
  retry?: RetryPolicy;
  dedup?: DedupStore;
  /** Dead-letter failed messages to `<topic>.dlq` (default true); false drops them after `onError`. */
  dlq?: boolean;
  onError?: (error: unknown, failure: ConsumeFailure) => void;
  /** Where a group with no committed offset starts (default true: the oldest record). */
  fromBeginning?: boolean;
  /** Positions to seek to once the consumer runs (e.g. a topic's end offsets taken earlier). */
  startAt?: ReadonlyArray<{ topic: string; partition: number; offset: string }>;
  /** Partitions handled at once (default 1); order within a partition always holds. */
  partitionsConsumedConcurrently?: number;
  /**
   * Commits handled offsets at least this often under load, in ms (default 1000); a consumer
   * that has caught up with its partition, or is stopping, commits at once.
   */
  commitIntervalMs?: number;
  /** Writes the dead letters; one is created (and disconnected on stop) if absent. */
  producer?: ConcordProducer;
  config?: Omit<ConsumerConfig, "groupId">;
}

export interface RunningConsumer {
  /** Settles once the consumer has joined its group and got its partitions (rejects if it crashes for good first). */
  readonly joined: Promise<void>;
  /** Finishes the message in hand, commits what was handled, and leaves the group. */
  stop(): Promise<void>;
}

type Outcome = "done" | "abandoned";

export async function runConsumer(kafka: Kafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const policy = options.retry ?? defaultRetryPolicy;
  const commitIntervalMs = options.commitIntervalMs ?? 1_000;
  const topics = [...new Set(options.handlers.map((binding) => binding.message.topic.name))];
  const bindingsOf = new Map(topics.map((topic) => [topic, options.handlers.filter((b) => b.message.topic.name === topic)]));
  const ownsProducer = options.producer === undefined;
  const producer = options.producer ?? createProducer(kafka);
  const stopping = new AbortController();
  // A short long-poll: an idle consumer stops within a second instead of kafkajs's five.
  const consumer: Consumer = kafka.consumer({ maxWaitTimeInMs: 1_000, ...options.config, groupId: options.groupId });

  async function deadLetter(record: KafkaMessage, failure: Omit<ConsumeFailure, "deadLettered" | "offset">, error: unknown) {
    const deadLettered = options.dlq ?? true;
    options.onError?.(error, { ...failure, offset: record.offset, deadLettered });
    if (deadLettered) await producer.sendRecords([deadLetterRecord(record, { ...failure, error })]);
  }

  async function handleRecord(topic: string, partition: number, record: KafkaMessage): Promise<Outcome> {
    const decoded = decodeRecord(bindingsOf.get(topic) ?? [], { topic, partition }, record);
    if (!decoded.ok) {
      const { reason, error, messageId } = decoded;
      await deadLetter(record, { topic, partition, messageId, reason, attempts: 0 }, error);
      return "done";
    }
    const { binding, message } = decoded;
    if (options.dedup && (await options.dedup.seen(message.messageId))) return "done";
    let attempts = 1;
    try {
      await binding.handle(message as ReceivedMessage<never>);
    } catch (firstError) {
      if (stopping.signal.aborted) return "abandoned"; // the next owner of the partition gets it again
      try {
        await retryHandler(binding, message, firstError, (attempt) => (attempts = attempt));
      } catch (error) {
        if (stopping.signal.aborted) return "abandoned";
        await deadLetter(record, { topic, partition, messageId: message.messageId, reason: "handler-failed", attempts }, error);
        return "done";
      }
    }
    await options.dedup?.remember(message.messageId);
    return "done";
  }

  let lastCommitAt = Date.now();

  /**
   * Attempts 2…n after a failed first attempt (which runs outside this loop: the common case pays
   * for no retry machinery), with the shared policy's backoff between them.
   */
  async function retryHandler(binding: AnyHandlerBinding, message: ReceivedMessage<unknown>, firstError: unknown, onAttempt: (attempt: number) => void) {
    let error = firstError;
    for (let attempt = 2; attempt <= policy.maxAttempts && retriable(error) && !stopping.signal.aborted; attempt++) {
      await sleep(backoffDelay(policy, attempt - 1), stopping.signal);
      onAttempt(attempt);
      try {
        return await binding.handle({ ...message, attempt } as ReceivedMessage<never>);
      } catch (caught) {
        error = caught;
      }
    }
    throw error;
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    // Offsets are resolved lazily (the last handled one implies those before it): kafkajs's
    // resolveOffset does 64-bit arithmetic on strings, which per message costs throughput.
    let handled: string | undefined;
    const commit = async () => {
      if (handled !== undefined) resolveOffset(handled);
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      lastCommitAt = Date.now();
    };
    let lastHeartbeat = Date.now();
    try {
      for (const record of batch.messages) {
        if (!isRunning() || isStale() || stopping.signal.aborted) break;
        if ((await handleRecord(batch.topic, batch.partition, record)) === "abandoned") break;
        handled = record.offset;
        const now = Date.now();
        // kafkajs sends a heartbeat at most every heartbeatInterval anyway; asking per message costs time.
        if (now - lastHeartbeat >= 500) {
          lastHeartbeat = now;
          await heartbeat();
        }
        if (now - lastCommitAt >= commitIntervalMs) await commit();
      }
    } finally {
      // Also when a dead letter or the dedup store failed: what was handled stays handled.
      if (handled !== undefined) resolveOffset(handled);
    }
    // Under load, commit every commitIntervalMs (a round trip per batch would halve throughput);
    // once caught up with the partition, or when stopping, commit at once.
    const caughtUp = batch.offsetLag() === "0";
    if (caughtUp || stopping.signal.aborted || !isRunning() || Date.now() - lastCommitAt >= commitIntervalMs) await commit();
  }

  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    // kafkajs restarts after a retriable crash (e.g. a fresh broker's coordinator still loading).
    consumer.on(consumer.events.CRASH, (event) => event.payload.restart || reject(event.payload.error));
  });
  joined.catch(() => {}); // observed by whoever awaits it

  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
    for (const position of options.startAt ?? []) consumer.seek(position);
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    joined,
    stop() {
      stopped ??= (async () => {
        stopping.abort(new StoppedError("the consumer"));
        await consumer.disconnect();
        if (ownsProducer) await producer.disconnect();
      })();
      return stopped;
    },
  };
}

/** Retry unless the error says it cannot help (a ConcordError with `retriable: false`). */
function retriable(error: unknown): boolean {
  return !(error instanceof ConcordError) || error.retriable;
}
