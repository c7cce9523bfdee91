/**
 * Waits until a (possibly just started) broker really serves a service: a leader for every
 * partition of its topics and a group coordinator. A fresh KRaft broker answers metadata before
 * both are in place, and kafkajs gives up on some of those answers at once.
 */
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";

export async function waitForKafka(kafka: Kafka, topics: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await retryUntil(deadline, "partition leaders", async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of topics) await admin.fetchTopicOffsets(topic);
    } finally {
      await admin.disconnect();
    }
  });
  if (topics.length === 0) return;
  await retryUntil(deadline, "a group coordinator", async () => {
    const consumer = kafka.consumer({ groupId: `concord-warmup-${randomUUID()}` });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: topics[0]!, fromBeginning: false });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({ eachMessage: async () => {} });
      await joined;
    } finally {
      await consumer.disconnect();
    }
  });
}

async function retryUntil(deadline: number, what: string, attempt: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Kafka did not get ready (${what})`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
