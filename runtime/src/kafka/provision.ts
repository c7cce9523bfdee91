/**
 * Creates the topics a contract declares, idempotently: missing topics (and their `<topic>.dlq`)
 * are created with the contract's partitions, replicas capped to the cluster size, cleanup
 * policy and retention; existing topics with fewer partitions get more (Kafka cannot remove
 * partitions, so more than asked is left alone), and their cleanup policy and retention are set
 * to the contract's.
 */
import type { Admin, ITopicConfig, Kafka } from "kafkajs";
import { withRetry, type RetryPolicy } from "../retry.js";
import { deadLetterTopic } from "./dead-letter.js";
import { isRetriableKafkaError } from "./errors.js";
import { alignTopicConfigs, contractConfigs } from "./topic-configs.js";
import type { TopicSpec } from "./types.js";

export interface ProvisionOptions {
  /** Also provision `<topic>.dlq` for each topic (default true). */
  dlq?: boolean;
}

export interface ProvisionReport {
  readonly created: string[];
  /** Topics whose partition count was raised to the contract's. */
  readonly partitionsIncreased: string[];
  /** Existing topics whose `cleanup.policy` / `retention.ms` were set to the contract's. */
  readonly configsUpdated: string[];
  /** Existing topics that already matched the contract. */
  readonly unchanged: string[];
}

export async function provisionTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  // A topic named by channel parameters is a template: provision its concrete topics (`topicFor`) instead.
  const wanted = withDeadLetterTopics(
    topics.filter((topic) => topic.parameters === undefined),
    options.dlq ?? true,
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await provision(admin, wanted);
  } finally {
    await admin.disconnect();
  }
}

async function provision(admin: Admin, wanted: readonly TopicSpec[]): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], partitionsIncreased: [], configsUpdated: [], unchanged: [] };
  const brokers = (await admin.describeCluster()).brokers.length;
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    // Topics another process created in the meantime are not an error (kafkajs ignores TOPIC_ALREADY_EXISTS).
    await admin.createTopics({ topics: missing.map((topic) => topicConfig(topic, brokers)), waitForLeaders: false });
    report.created.push(...missing.map((topic) => topic.name));
    await waitUntilServing(
      admin,
      missing.map((topic) => topic.name),
    );
  }
  const present = wanted.filter((topic) => existing.has(topic.name));
  if (present.length === 0) return report;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
  const grow: Array<{ topic: string; count: number }> = [];
  for (const topic of present) {
    const current = metadata.find((entry) => entry.name === topic.name)?.partitions.length ?? 0;
    if (current < topic.partitions) grow.push({ topic: topic.name, count: topic.partitions });
  }
  if (grow.length > 0) {
    await admin.createPartitions({ topicPartitions: grow });
    report.partitionsIncreased.push(...grow.map((entry) => entry.topic));
  }
  report.configsUpdated.push(...(await alignTopicConfigs(admin, present)));
  const changed = new Set([...report.partitionsIncreased, ...report.configsUpdated]);
  report.unchanged.push(...present.map((topic) => topic.name).filter((name) => !changed.has(name)));
  return report;
}

/**
 * Waits until every partition of the new topics answers. kafkajs's `waitForLeaders` gives up
 * when a KRaft broker briefly reports a just-created topic as unknown; listing offsets, retried
 * on retriable errors, succeeds once each partition has a leader that serves it.
 */
export async function waitUntilServing(admin: Admin, topics: readonly string[]): Promise<void> {
  for (const topic of topics) {
    await withRetry(() => admin.fetchTopicOffsets(topic), { policy: leaderWait, shouldRetry: isRetriableKafkaError });
  }
}

const leaderWait: RetryPolicy = { maxAttempts: 20, initialDelayMs: 50, maxDelayMs: 1_000, multiplier: 2 };

function withDeadLetterTopics(topics: readonly TopicSpec[], dlq: boolean): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const topic of topics) {
    byName.set(topic.name, topic);
    // A dead-letter topic keeps the source's partitions (same key, same partition) and is never compacted.
    if (dlq) byName.set(deadLetterTopic(topic.name), { ...topic, name: deadLetterTopic(topic.name), cleanupPolicy: "delete" });
  }
  return [...byName.values()];
}

function topicConfig(topic: TopicSpec, brokers: number): ITopicConfig {
  const configEntries = Object.entries(contractConfigs(topic)).map(([name, value]) => ({ name, value }));
  return {
    topic: topic.name,
    numPartitions: topic.partitions,
    replicationFactor: Math.max(1, Math.min(topic.replicas, brokers)),
    configEntries,
  };
}
