/**
 * The shared test broker is a real Kafka: kafkajs and kcat (librdkafka, a client nobody here
 * wrote) see the same records, keys and headers, in both directions.
 */
import { Partitioners, type EachMessagePayload } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { createTopics, kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume, kcatProduce } from "../support/kafka/kcat.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "broker-smoke");
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });

afterAll(async () => {
  await producer.disconnect();
});

const sent = [1, 2, 3, 4, 5].map((n) => ({
  key: `order-${n % 2}`,
  value: JSON.stringify({ orderId: n, status: "NEW" }),
  headers: { "message-id": `m-${n}`, traceparent: `00-${"a".repeat(31)}${n}-${"b".repeat(16)}-01` },
}));

describe("shared Kafka broker", () => {
  it("kafkajs writes records that kcat reads back with the same keys, headers and payloads", async () => {
    const topic = uniqueTopic("smoke.kafkajs-to-kcat");
    await createTopics(brokers, [{ topic, numPartitions: 3 }]);
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });

    const records = await kcatConsume(brokers, topic, { count: sent.length, timeoutMs: 20_000 });

    const seen = records
      .map((r) => ({ key: r.key, value: r.payload, headers: Object.fromEntries(r.headers) }))
      .sort((a, b) => a.headers["message-id"]!.localeCompare(b.headers["message-id"]!));
    expect(seen).toEqual(sent);
    // Same key, same partition, in send order.
    for (const key of ["order-0", "order-1"]) {
      const ofKey = records.filter((r) => r.key === key);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
      expect(ofKey.map((r) => r.headers[0]![1])).toEqual(sent.filter((m) => m.key === key).map((m) => m.headers["message-id"]));
    }
  });

  it("kcat writes records that a kafkajs consumer group reads with the same keys, headers and payloads", async () => {
    const topic = uniqueTopic("smoke.kcat-to-kafkajs");
    await createTopics(brokers, [topic]);
    await kcatProduce(brokers, topic, sent);

    const consumer = kafka.consumer({ groupId: uniqueTopic("smoke-group") });
    const received: Array<{ key: string | undefined; value: string | undefined; headers: Record<string, string> }> = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${sent.length} arrived`)), 20_000);
        void consumer.run({
          eachMessage: async ({ message }: EachMessagePayload) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
            received.push({ key: message.key?.toString(), value: message.value?.toString(), headers });
            if (received.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual(sent);
  });

  it("does not create topics on first use: producing to an unknown topic fails", async () => {
    const topic = uniqueTopic("smoke.never-created");
    await producer.connect();
    await expect(producer.send({ topic, messages: [{ value: "x" }] })).rejects.toThrow();
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(topic);
    } finally {
      await admin.disconnect();
    }
  });
});
