/**
 * Keeps one consumer group's kafkajs consumer running: starts it, starts it again with backoff
 * when it crashed for good after it had joined (kafkajs restarts it itself after a retriable
 * crash), and says whether the group is running. A crash before the first join rejects `joined`:
 * that is a start-up error, not an outage.
 */
import type { Consumer, ConsumerConfig, EachBatchHandler, Kafka } from "kafkajs";
import { backoffDelay, type BackoffPolicy } from "../retry.js";
import { errorLine, StoppedError } from "./errors.js";

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

export interface SupervisedConsumer {
  readonly joined: Promise<void>;
  health(): ConsumerHealth;
  /** Tells the supervisor that a batch went through: the restart backoff starts over. */
  progressed(): void;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  readonly config: ConsumerConfig & { sessionTimeout: number; rebalanceTimeout: number };
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  readonly partitionsConsumedConcurrently: number;
  /** Sought on the first start, and committed, so a consumer started again resumes there. */
  readonly startAt?: ReadonlyArray<{ topic: string; partition: number; offset: string }>;
  readonly eachBatch: EachBatchHandler;
  readonly restartBackoff: BackoffPolicy;
  readonly onCrash?: (error: unknown, crash: ConsumerCrash) => void;
  /** Aborted by the owner when it stops (the batch loop watches it too). */
  readonly stopping: AbortController;
}

export async function superviseConsumer(kafka: Kafka, options: SupervisorOptions): Promise<SupervisedConsumer> {
  const { config, stopping } = options;
  const groupId = config.groupId;
  // Running = joined, not crashed, and heard from the coordinator lately: a broker that went away
  // does not crash kafkajs at once, but the group is not consuming. A rebalance may keep a member
  // from heartbeating for up to the rebalance timeout.
  const state = { running: false, crashes: 0, everJoined: false, lastContact: 0, lastError: undefined as string | undefined };
  const contactWindow = config.sessionTimeout + config.rebalanceTimeout;
  let current: Consumer | undefined;
  let launching: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  let settleJoined: (error?: unknown) => void = () => {};
  const joined = new Promise<void>((resolve, reject) => {
    settleJoined = (error) => (error === undefined ? resolve() : reject(error));
  });
  joined.catch(() => {}); // observed by whoever awaits it

  const nextRestartInMs = () => Math.max(250, backoffDelay(options.restartBackoff, ++restarts));

  async function launch(first: boolean): Promise<void> {
    const consumer = kafka.consumer(config);
    current = consumer;
    consumer.on(consumer.events.HEARTBEAT, () => void (state.lastContact = Date.now()));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state.lastContact = Date.now();
      state.running = true;
      state.everJoined = true;
      settleJoined();
    });
    consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
      if (consumer !== current || stopping.signal.aborted) return;
      state.running = false;
      state.crashes++;
      state.lastError = errorLine(error);
      if (restart) return options.onCrash?.(error, { groupId, restartedBy: "kafkajs" });
      if (!state.everJoined) {
        options.onCrash?.(error, { groupId, restartedBy: "none" });
        return settleJoined(error);
      }
      const restartInMs = nextRestartInMs();
      options.onCrash?.(error, { groupId, restartedBy: "concord", restartInMs });
      scheduleRestart(restartInMs);
    });
    try {
      await consumer.connect();
      for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: options.eachBatch,
      });
      if (first && options.startAt?.length) {
        for (const position of options.startAt) consumer.seek(position);
        await consumer.commitOffsets([...options.startAt]);
      }
      if (stopping.signal.aborted) await consumer.disconnect();
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
      launching = (async () => {
        await crashed?.disconnect().catch(() => {});
        if (stopping.signal.aborted) return;
        await launch(false).catch((error: unknown) => {
          state.lastError = errorLine(error);
          const restartInMs = nextRestartInMs();
          options.onCrash?.(error, { groupId, restartedBy: "concord", restartInMs });
          scheduleRestart(restartInMs);
        });
      })();
    }, delayMs);
  }

  launching = launch(true);
  await launching;

  let stopped: Promise<void> | undefined;
  return {
    joined,
    health: () => ({
      groupId,
      running: state.running && !stopping.signal.aborted && Date.now() - state.lastContact < contactWindow,
      crashes: state.crashes,
      ...(state.lastError ? { lastError: state.lastError } : {}),
    }),
    progressed: () => void (restarts = 0),
    stop() {
      stopped ??= (async () => {
        stopping.abort(new StoppedError("the consumer"));
        clearTimeout(restartTimer);
        settleJoined(new StoppedError("the consumer")); // no effect once it has joined
        await launching?.catch(() => {});
        await current?.disconnect();
        state.running = false;
      })();
      return stopped;
    },
  };
}
