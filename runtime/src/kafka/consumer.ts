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
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from "kafkajs";
import { backoffDelay, type BackoffPolicy } from "../retry.js";
import type { AnyHandlerBinding } from "./decode.js";
import { PartitionLostError, StoppedError } from "./errors.js";
import { defaultHandlerRetry, type HandlerRetry } from "./handler-retry.js";
import { createProducer, type ConcordProducer } from "./producer.js";
import { recordHandler, type ConsumeFailure } from "./record-handler.js";
import type { DedupStore } from "./types.js";

export { bindHandler, type AnyHandlerBinding } from "./decode.js";
export type { ConsumeFailure } from "./record-handler.js";
export type { HandlerRetry } from "./handler-retry.js";

/** What `onCrash` learns when the kafkajs consumer of a group crashed. */
export interface ConsumerCrash {
  readonly groupId: string;
  /** Who starts it again: kafkajs itself (a retriable error), the runtime, or no one (it crashed before it ever joined). */
  readonly restartedBy: "kafkajs" | "concord" | "none";
  /** In how many ms the runtime starts it again (only when `restartedBy` is "concord"). */
  readonly restartInMs?: number;
}

export interface ConsumerHealth {
  readonly groupId: string;
  /** Joined its group and consuming; false while starting, rejoining after a crash, or stopped. */
  readonly running: boolean;
  /** Crashes since start (kafkajs's own restarts included). */
  readonly crashes: number;
  readonly lastError?: string;
}

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
  /** Positions to seek to once the consumer first runs (e.g. a topic's end offsets taken earlier). */
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
  rebalanceTimeout: 20_000,
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
    stopping.signal.addEventListener("abort", onStop, { once: true });
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
    if (giveUp.signal.aborted && !stopping.signal.aborted) return; // the partition moved: kafkajs rejoins
    // Under load, commit every commitIntervalMs (a round trip per batch would halve throughput);
    // once caught up with the partition, or when stopping, commit at once.
    const caughtUp = batch.offsetLag() === "0";
    if (caughtUp || stopping.signal.aborted || !isRunning() || Date.now() - lastCommitAt >= commitIntervalMs) await commit();
  }

  // Running = joined, not crashed, and heard from the coordinator within a session timeout (a
  // broker that went away does not crash kafkajs at once, but the group is not consuming).
  const state = { running: false, crashes: 0, everJoined: false, lastContact: 0, lastError: undefined as string | undefined };
  const isRunning = () => state.running && !stopping.signal.aborted && Date.now() - state.lastContact < config.sessionTimeout;
  let current: Consumer | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  let onFirstJoin: () => void = () => {};
  let onStartCrash: (error: unknown) => void = () => {};
  const joined = new Promise<void>((resolve, reject) => {
    onFirstJoin = resolve;
    onStartCrash = reject;
  });
  joined.catch(() => {}); // observed by whoever awaits it

  async function launch(first: boolean): Promise<void> {
    const consumer = kafka.consumer(config);
    current = consumer;
    consumer.on(consumer.events.HEARTBEAT, () => void (state.lastContact = Date.now()));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state.lastContact = Date.now();
      state.running = true;
      state.everJoined = true;
      restarts = 0;
      onFirstJoin();
    });
    consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
      state.running = false;
      state.crashes++;
      state.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (stopping.signal.aborted || consumer !== current) return;
      if (restart) return options.onCrash?.(error, { groupId, restartedBy: "kafkajs" });
      if (!state.everJoined) {
        options.onCrash?.(error, { groupId, restartedBy: "none" });
        return onStartCrash(error);
      }
      const restartInMs = Math.max(250, backoffDelay(options.restartBackoff ?? defaultRestartBackoff, ++restarts));
      options.onCrash?.(error, { groupId, restartedBy: "concord", restartInMs });
      scheduleRestart(restartInMs);
    });
    await consumer.connect();
    try {
      for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
      if (first) for (const position of options.startAt ?? []) consumer.seek(position);
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw error;
    }
  }

  function scheduleRestart(delayMs: number): void {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      if (stopping.signal.aborted) return;
      const crashed = current;
      void (async () => {
        await crashed?.disconnect().catch(() => {});
        if (stopping.signal.aborted) return;
        await launch(false).catch((error: unknown) => {
          state.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          const restartInMs = Math.max(250, backoffDelay(options.restartBackoff ?? defaultRestartBackoff, ++restarts));
          options.onCrash?.(error, { groupId, restartedBy: "concord", restartInMs });
          scheduleRestart(restartInMs);
        });
      })();
    }, delayMs);
  }

  await launch(true);

  let stopped: Promise<void> | undefined;
  return {
    joined,
    health: () => [{ groupId, running: isRunning(), crashes: state.crashes, ...(state.lastError ? { lastError: state.lastError } : {}) }],
    stop() {
      stopped ??= (async () => {
        stopping.abort(new StoppedError("the consumer"));
        clearTimeout(restartTimer);
        await current?.disconnect();
        state.running = false;
        if (ownsProducer) await producer.disconnect();
      })();
      return stopped;
    },
  };
}

function pick(options: ConsumerOptions) {
  return { ...(options.dedup ? { dedup: options.dedup } : {}), ...(options.onError ? { onError: options.onError } : {}) };
}
