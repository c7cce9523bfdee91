/**
 * The consumer loop generated handlers run in. At-least-once: an offset is committed only after
 * its message was handled, dead-lettered, or skipped as a duplicate. A failing handler is retried
 * with backoff within the record's time budget (./handler-retry.ts); past it, or at once for a
 * message that fails validation, the record goes to `<topic>.dlq` and the partition moves on.
 *
 * Liveness: the member heartbeats while a handler runs or backs off, so a slow record does not
 * cost the group its member; a rebalance that takes the partition away gives the record in hand
 * up (its next owner handles it). A kafkajs consumer that crashes for good after it had joined is
 * started again with backoff, and `health()` says whether the group is running.
 */
import type { ConsumerConfig, EachBatchPayload, Kafka } from "kafkajs";
import type { BackoffPolicy } from "../retry.js";
import { superviseConsumer, type ConsumerCrash, type ConsumerHealth } from "./consumer-supervisor.js";
import type { AnyHandlerBinding } from "./decode.js";
import { PartitionLostError } from "./errors.js";
import { defaultHandlerRetry, type HandlerRetry } from "./handler-retry.js";
import { createProducer, type ConcordProducer } from "./producer.js";
import { recordHandler, type ConsumeFailure } from "./record-handler.js";
import type { DedupStore } from "./types.js";

export { bindHandler, type AnyHandlerBinding } from "./decode.js";
export type { ConsumeFailure } from "./record-handler.js";
export type { HandlerRetry } from "./handler-retry.js";
export type { ConsumerCrash, ConsumerHealth } from "./consumer-supervisor.js";

export interface ConsumerOptions {
  groupId: string;
  /** One binding per handled message; their topics are subscribed. */
  handlers: readonly AnyHandlerBinding[];
  /**
   * Backoff between a failing handler's attempts and the record's budget in time (default: 60 s,
   * 200 ms doubling to 5 s, full jitter). Past the budget the record is dead-lettered.
   */
  retry?: Partial<HandlerRetry>;
  dedup?: DedupStore;
  /** Dead-letter failed messages to `<topic>.dlq` (default true); false drops them after `onError`. */
  dlq?: boolean;
  onError?: (error: unknown, failure: ConsumeFailure) => void;
  /** Told each time the group's kafkajs consumer crashes (log it, count it). */
  onCrash?: (error: unknown, crash: ConsumerCrash) => void;
  /** Backoff between the runtime's restarts of a crashed consumer (default 1 s doubling to 30 s). */
  restartBackoff?: BackoffPolicy;
  /** Where a group with no committed offset starts (default true: the oldest record). */
  fromBeginning?: boolean;
  /**
   * Positions to seek to once the consumer first runs (e.g. a topic's end offsets taken earlier);
   * they are committed too, so a consumer started again after a crash resumes there.
   */
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
  /** kafkajs consumer settings over the runtime's defaults ({@link consumerDefaults}). */
  config?: Omit<ConsumerConfig, "groupId">;
}

/**
 * Group-membership timing: a member that vanished without leaving (SIGKILL, a crash) is dropped
 * after `sessionTimeout`, so recovery after a kill takes about that long; the price is that a
 * process whose event loop stalls longer than it loses its partitions. kafkajs defaults to 30 s.
 */
export const consumerDefaults = {
  sessionTimeout: 10_000,
  heartbeatInterval: 1_000,
  // How long a rebalance waits for the members to rejoin; a member that died during one holds it this long.
  rebalanceTimeout: 10_000,
  // A short long-poll: an idle consumer stops within a second instead of kafkajs's five.
  maxWaitTimeInMs: 1_000,
} as const satisfies Omit<ConsumerConfig, "groupId">;

export interface RunningConsumer {
  /** Settles once the consumer has joined its group and got its partitions (rejects if it crashes for good first). */
  readonly joined: Promise<void>;
  /** One entry per consumer group. */
  health(): readonly ConsumerHealth[];
  /** Finishes the message in hand, commits what was handled, and leaves the group. */
  stop(): Promise<void>;
}

const defaultRestartBackoff: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, multiplier: 2 };

/** kafkajs error types that mean this member no longer owns its partitions. */
const partitionsLost = new Set(["REBALANCE_IN_PROGRESS", "ILLEGAL_GENERATION", "UNKNOWN_MEMBER_ID", "NOT_COORDINATOR_FOR_GROUP"]);

export async function runConsumer(kafka: Kafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const { groupId } = options;
  const retry: HandlerRetry = { ...defaultHandlerRetry, ...options.retry };
  const commitIntervalMs = options.commitIntervalMs ?? 1_000;
  const config = { ...consumerDefaults, ...options.config, groupId };
  const topics = [...new Set(options.handlers.map((binding) => binding.message.topic.name))];
  const bindingsOf = new Map(topics.map((topic) => [topic, options.handlers.filter((b) => b.message.topic.name === topic)]));
  const ownsProducer = options.producer === undefined;
  const producer = options.producer ?? createProducer(kafka);
  const stopping = new AbortController();
  const handleRecord = recordHandler({ groupId, retry, dlq: options.dlq ?? true, producer, ...pick(options) }, bindingsOf);
  let lastCommitAt = Date.now();

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
    const giveUp = new AbortController();
    const onStop = () => giveUp.abort(stopping.signal.reason);
    if (stopping.signal.aborted) onStop();
    else stopping.signal.addEventListener("abort", onStop, { once: true });
    // kafkajs heartbeats only between batches: keep the membership while a handler is slow or
    // backing off. kafkajs itself skips a heartbeat when the last one is recent.
    const keepAlive = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        if (partitionsLost.has((error as { type?: string }).type ?? "")) giveUp.abort(new PartitionLostError(batch.topic, batch.partition));
      });
    }, config.heartbeatInterval);
    try {
      for (const record of batch.messages) {
        if (!isRunning() || isStale() || giveUp.signal.aborted) break;
        if ((await handleRecord(batch.topic, batch.partition, record, giveUp.signal)) === "abandoned") break;
        handled = record.offset;
        if (Date.now() - lastCommitAt >= commitIntervalMs) await commit();
      }
    } finally {
      clearInterval(keepAlive);
      stopping.signal.removeEventListener("abort", onStop);
      // Also when a dead letter or the dedup store failed: what was handled stays handled.
      if (handled !== undefined) resolveOffset(handled);
    }
    if (giveUp.signal.aborted && !stopping.signal.aborted) {
      // The partition moved: commit what was handled while the old generation still may, then kafkajs rejoins.
      await commit().catch(() => {});
      return;
    }
    // Under load, commit every commitIntervalMs (a round trip per batch would halve throughput);
    // once caught up with the partition, or when stopping, commit at once.
    const caughtUp = batch.offsetLag() === "0";
    if (caughtUp || stopping.signal.aborted || !isRunning() || Date.now() - lastCommitAt >= commitIntervalMs) await commit();
    progressed();
  }

  // Batches can run before superviseConsumer returns (it starts the consumer).
  let progressed = () => {};
  const supervised = await superviseConsumer(kafka, {
    config,
    topics,
    fromBeginning: options.fromBeginning ?? true,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    ...(options.startAt ? { startAt: options.startAt } : {}),
    eachBatch,
    restartBackoff: options.restartBackoff ?? defaultRestartBackoff,
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
    stopping,
  });
  progressed = supervised.progressed;

  let stopped: Promise<void> | undefined;
  return {
    joined: supervised.joined,
    health: () => [supervised.health()],
    stop() {
      stopped ??= (async () => {
        await supervised.stop();
        if (ownsProducer) await producer.disconnect();
      })();
      return stopped;
    },
  };
}

function pick(options: ConsumerOptions) {
  return { ...(options.dedup ? { dedup: options.dedup } : {}), ...(options.onError ? { onError: options.onError } : {}) };
}
