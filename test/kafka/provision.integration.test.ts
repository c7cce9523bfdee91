/**
 * Topic provisioning against the real broker: creates topics and their dead-letter topics with
 * the contract's partitions, configs and replicas capped to the one-broker cluster; running it
 * again changes nothing; a contract asking for more partitions gets them; fewer are left alone.
 */
import { ConfigResourceTypes } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import type { TopicSpec } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";

const kafka = testKafka(kafkaBrokers(), "concord-provision");
const admin = kafka.admin();

beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

async function describeTopic(topic: string) {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["cleanup.policy", "retention.ms"] }],
  });
  const configs = Object.fromEntries(resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]));
  const partitions = topics[0]!.partitions;
  return { partitions: partitions.length, replicas: Math.max(...partitions.map((p) => p.replicas.length)), configs };
}

describe("provisionTopics", () => {
  it("creates topics with their DLQs, is idempotent, grows partitions but never shrinks them, and follows config changes", async () => {
    const name = uniqueTopic("order.status.changed");
    const topic: TopicSpec = { name, partitions: 3, replicas: 3, cleanupPolicy: "compact", retentionMs: 3_600_000 };

    expect(await provisionTopics(kafka, [topic])).toEqual({
      created: [name, `${name}.dlq`],
      partitionsIncreased: [],
      configsUpdated: [],
      unchanged: [],
    });
    expect(await describeTopic(name)).toEqual({
      partitions: 3,
      replicas: 1,
      configs: { "cleanup.policy": "compact", "retention.ms": "3600000" },
    });
    expect(await describeTopic(`${name}.dlq`)).toEqual({
      partitions: 3,
      replicas: 1,
      configs: { "cleanup.policy": "delete", "retention.ms": "3600000" },
    });

    expect(await provisionTopics(kafka, [topic])).toEqual({
      created: [],
      partitionsIncreased: [],
      configsUpdated: [],
      unchanged: [name, `${name}.dlq`],
    });

    expect(await provisionTopics(kafka, [{ ...topic, partitions: 6 }])).toEqual({
      created: [],
      partitionsIncreased: [name, `${name}.dlq`],
      configsUpdated: [],
      unchanged: [],
    });
    expect((await describeTopic(name)).partitions).toBe(6);

    expect(await provisionTopics(kafka, [{ ...topic, partitions: 2 }], { dlq: false })).toEqual({
      created: [],
      partitionsIncreased: [],
      configsUpdated: [],
      unchanged: [name],
    });
    expect((await describeTopic(name)).partitions).toBe(6);

    // A contract that changes retention and cleanup policy updates the topic, keeping other overrides.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name,
          configEntries: [
            { name: "cleanup.policy", value: "compact" },
            { name: "retention.ms", value: "3600000" },
            { name: "max.message.bytes", value: "200000" },
          ],
        },
      ],
    });
    const changed: TopicSpec = { ...topic, partitions: 6, cleanupPolicy: "compact,delete", retentionMs: 7_200_000 };
    expect(await provisionTopics(kafka, [changed], { dlq: false })).toEqual({
      created: [],
      partitionsIncreased: [],
      configsUpdated: [name],
      unchanged: [],
    });
    expect((await describeTopic(name)).configs).toEqual({ "cleanup.policy": "compact,delete", "retention.ms": "7200000" });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ["max.message.bytes"] }],
    });
    expect(resources[0]!.configEntries[0]!.configValue).toBe("200000");
  }, 60_000);

  it("provisions many topics at once, and two instances racing to create them both succeed", async () => {
    const names = ["orders.requests", "orders.created", "billing.payments", "orders.status"].map((base) => uniqueTopic(base));
    const topics = names.map(
      (name): TopicSpec => ({ name, partitions: 6, replicas: 3, cleanupPolicy: "delete", retentionMs: 604_800_000 }),
    );

    // Two instances of a service starting at once race to create the same topics; neither fails.
    const [first, second] = await Promise.all([provisionTopics(kafka, topics), provisionTopics(kafka, topics)]);
    expect(new Set([...first!.created, ...first!.unchanged, ...second!.created, ...second!.unchanged])).toEqual(
      new Set(names.flatMap((name) => [name, `${name}.dlq`])),
    );
    for (const name of names) expect((await describeTopic(name)).partitions).toBe(6);
  }, 60_000);
});
