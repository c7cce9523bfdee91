import { Kafka, logLevel } from "kafkajs";
import { deadLetterTopic } from "../../runtime/src/kafka/dead-letter.js";
import { allTopics } from "../../generated/asyncapi/topics.js";
import { waitUntil } from "../wait.js";

/**
 * Deletes the contracts' topics (and their dead-letter topics), so the next system starts on
 * empty ones: its databases are fresh (order ids restart at 1), and records of an earlier system
 * must not reach it. Used between the systems of one test file and between benchmark runs.
 */
export async function deleteContractTopics(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: "concord-reset", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const names = new Set(allTopics.flatMap((topic) => [topic.name, deadLetterTopic(topic.name)]));
    const existing = (await admin.listTopics()).filter((name) => names.has(name));
    if (existing.length === 0) return;
    await admin.deleteTopics({ topics: existing, timeout: 30_000 });
    await waitUntil(
      async () => !(await admin.listTopics()).some((name) => names.has(name)),
      60_000,
      () => "contract topics were not deleted",
    );
  } finally {
    await admin.disconnect();
  }
}
