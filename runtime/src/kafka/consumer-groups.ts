/**
 * Several consumer groups run as one consumer: what a service whose contract reads in more than
 * one group starts (the generated `start<Service>Consumer` calls this with one entry per group).
 */
import type { Kafka } from "kafkajs";
import { runConsumer, type ConsumerOptions, type RunningConsumer } from "./consumer.js";

export interface ConsumerGroupsOptions {
  /**
   * Runs once every group has stopped, or once starting them failed: releases what the caller
   * made for the groups to share (e.g. disconnects a producer it created for their replies).
   */
  afterStop?: () => Promise<void>;
}

/**
 * Starts one consumer per entry of `groups`, in order. If one fails to start, those already
 * started are stopped and the error is rethrown. `joined` settles once all have joined their
 * groups; `stop()` stops them all, then runs `afterStop`.
 */
export async function runConsumerGroups(
  kafka: Kafka,
  groups: readonly ConsumerOptions[],
  options: ConsumerGroupsOptions = {},
): Promise<RunningConsumer> {
  const started: RunningConsumer[] = [];
  const stopAll = async (): Promise<void> => {
    const stops = await Promise.allSettled(started.map((consumer) => consumer.stop()));
    await options.afterStop?.();
    const failed = stops.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  };

  try {
    for (const group of groups) started.push(await runConsumer(kafka, group));
  } catch (error) {
    await stopAll().catch(() => {}); // the start failure is the error worth reporting
    throw error;
  }

  const joined = Promise.all(started.map((consumer) => consumer.joined)).then(() => undefined);
  joined.catch(() => {}); // observed by whoever awaits it
  let stopped: Promise<void> | undefined;
  return {
    joined,
    health: () => started.flatMap((consumer) => consumer.health()),
    stop() {
      stopped ??= stopAll();
      return stopped;
    },
  };
}
