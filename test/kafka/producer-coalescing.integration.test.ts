/**
 * Concurrent `send()` calls on one Concord producer leave in joined produce requests (while one
 * request is in flight, the calls behind it wait and go together), and each caller still gets
 * the partition and offset its own record landed at, in its key's order, on the real broker.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Kafka, logLevel, type KafkaMessage } from "kafkajs";
import { createProducer, type SentMessage } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const calls = 300;
const keys = 20;

/** A kafkajs client that counts the Produce requests it sends (kafkajs logs each request at debug level). */
function countingKafka(): { kafka: Kafka; produceRequests: () => number } {
  let produceRequests = 0;
  const kafka = new Kafka({
    clientId: "concord-coalescing",
    brokers,
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      if (entry.log.message.startsWith("Request Produce(")) produceRequests++;
    },
  });
  return { kafka, produceRequests: () => produceRequests };
}

const toStop: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of toStop) await stop();
});

/** Every record of `topic` as (message-id → where it is, and the payload's createdAt). */
async function readAll(topic: string, count: number): Promise<Map<string, { partition: number; offset: string; line: number }>> {
  const consumer = testKafka(brokers, "concord-coalescing-reader").consumer({
    groupId: uniqueTopic("coalescing-reader"),
    maxWaitTimeInMs: 500,
  });
  toStop.push(() => consumer.disconnect());
  const seen = new Map<string, { partition: number; offset: string; line: number }>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
      const payload = JSON.parse(message.value!.toString()) as { items: Array<{ quantity: number }> };
      seen.set(message.headers!["message-id"]!.toString(), { partition, offset: message.offset, line: payload.items[0]!.quantity });
    },
  });
  await waitUntil(
    () => seen.size >= count,
    60_000,
    () => `read ${seen.size} of ${count}`,
  );
  return seen;
}

describe("Concord producer joins concurrent sends", () => {
  it("sends 300 concurrent calls in far fewer requests, each told where its record landed", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 6));
    const { kafka, produceRequests } = countingKafka();
    await provisionTopics(testKafka(brokers), [spec.topic]);
    const producer = createProducer(kafka);
    toStop.push(() => producer.disconnect());
    await producer.connect();

    const before = produceRequests();
    // Call `line` for order `orderId`: line n of a key is its n-th call, so order per key is checkable.
    const sent: SentMessage[] = await Promise.all(
      Array.from({ length: calls }, (_, call) => producer.send(spec, orderCreated((call % keys) + 1, Math.floor(call / keys) + 1))),
    );
    const requests = produceRequests() - before;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(calls / 10);

    const stored = await readAll(spec.topic.name, calls);
    expect(stored.size).toBe(calls);
    for (const message of sent) {
      const found = stored.get(message.messageId);
      expect(found, message.messageId).toBeDefined();
      expect({ partition: message.partition, offset: message.offset }).toEqual({ partition: found!.partition, offset: found!.offset });
    }
    // One key's calls keep their call order: offsets grow with the line number.
    for (let key = 0; key < keys; key++) {
      const ofKey = sent.filter((_, call) => call % keys === key).map((message) => stored.get(message.messageId)!);
      expect(new Set(ofKey.map((record) => record.partition)).size).toBe(1);
      const offsets = ofKey.map((record) => BigInt(record.offset));
      expect(offsets.every((offset, index) => index === 0 || offset > offsets[index - 1]!)).toBe(true);
      expect(ofKey.map((record) => record.line)).toEqual(ofKey.map((_, index) => index + 1));
    }
  }, 120_000);

  it("tells a send joined with a batch to the same topic its own offset", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 3));
    await provisionTopics(testKafka(brokers), [spec.topic]);
    const producer = createProducer(testKafka(brokers, "concord-coalescing-mixed"));
    toStop.push(() => producer.disconnect());
    await producer.connect();

    const sends: Array<Promise<SentMessage>> = [];
    const batches: Array<Promise<string[]>> = [];
    for (let call = 0; call < 40; call++) {
      sends.push(producer.send(spec, orderCreated(call + 1, 1)));
      batches.push(producer.sendBatch(spec, [{ payload: orderCreated(call + 1, 2) }, { payload: orderCreated(call + 101, 3) }]));
    }
    const sent = await Promise.all(sends);
    const batched = (await Promise.all(batches)).flat();

    const stored = await readAll(spec.topic.name, sent.length + batched.length);
    for (const message of sent) {
      const found = stored.get(message.messageId)!;
      expect({ partition: message.partition, offset: message.offset }).toEqual({ partition: found.partition, offset: found.offset });
    }
    expect(batched.every((messageId) => stored.has(messageId))).toBe(true);
  }, 120_000);

  it("sends one request per call with maxCoalescedRecords: 1", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 3));
    const { kafka, produceRequests } = countingKafka();
    await provisionTopics(testKafka(brokers), [spec.topic]);
    const producer = createProducer(kafka, { maxCoalescedRecords: 1 });
    toStop.push(() => producer.disconnect());
    await producer.connect();

    const before = produceRequests();
    const sent = await Promise.all(Array.from({ length: 20 }, (_, call) => producer.send(spec, orderCreated(call + 1))));
    expect(produceRequests() - before).toBe(20);
    expect(new Set(sent.map((message) => `${message.partition}/${message.offset}`)).size).toBe(20);
  }, 120_000);
});
