/**
 * Poison messages on a real broker: a record that is not JSON, a payload that breaks the
 * contract, and a message whose handler keeps failing each land in `<topic>.dlq` with the
 * reason and the original coordinates in headers, and the partition keeps moving.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ConcordError } from "../../runtime/src/errors.js";
import { bindHandler, runConsumer, type ConsumeFailure } from "../../runtime/src/kafka/consumer.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume, kcatProduce } from "../support/kafka/kcat.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-poison");
const producer = createProducer(kafka);

afterAll(async () => {
  await producer.disconnect();
});

describe("poison messages", () => {
  it("dead-letters undecodable, invalid and failing messages with their reason, and handles the ones after them", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created")));
    const report = await provisionTopics(kafka, [spec.topic]);
    expect(report.created).toEqual([spec.topic.name, `${spec.topic.name}.dlq`]);

    const handled: number[] = [];
    const attemptsOf666: number[] = [];
    const failures: ConsumeFailure[] = [];
    const groupId = uniqueTopic("poison");
    const consumer = await runConsumer(kafka, {
      groupId,
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50, multiplier: 2 },
      onError: (_error, failure) => failures.push(failure),
      handlers: [
        bindHandler(spec, async ({ payload, attempt }) => {
          if (payload.orderId === 666) {
            attemptsOf666.push(attempt);
            throw new Error("ledger unavailable for order 666");
          }
          if (payload.orderId === 777) throw new ConcordError("order 777 can never be charged", "REJECTED", false);
          handled.push(payload.orderId);
        }),
      ],
    });
    try {
      await producer.send(spec, orderCreated(1));
      await kcatProduce(brokers, spec.topic.name, [
        { key: "2", value: "{not json", headers: { "message-id": "bad-json" } },
        {
          key: "3",
          value: JSON.stringify({ ...orderCreated(3), currency: "euros" }),
          headers: { "message-id": "bad-currency", "message-name": "OrderCreated" },
        },
      ]);
      await producer.send(spec, orderCreated(666), { messageId: "keeps-failing" });
      await producer.send(spec, orderCreated(777), { messageId: "not-retriable" });
      await producer.send(spec, orderCreated(4));

      await waitUntil(
        () => handled.length === 2,
        30_000,
        () => `handled ${JSON.stringify(handled)}`,
      );
      expect(handled).toEqual([1, 4]);
      expect(attemptsOf666).toEqual([1, 2, 3]);
      expect(failures.map((failure) => [failure.messageId, failure.reason, failure.attempts, failure.deadLettered])).toEqual([
        ["bad-json", "undecodable", 0, true],
        ["bad-currency", "invalid", 0, true],
        ["keeps-failing", "handler-failed", 3, true],
        ["not-retriable", "handler-failed", 1, true],
      ]);

      const dead = await kcatConsume(brokers, `${spec.topic.name}.dlq`, { count: 4, timeoutMs: 20_000 });
      const headersOf = dead.map((record) => Object.fromEntries(record.headers));
      expect(headersOf.map((headers) => headers["message-id"])).toEqual(["bad-json", "bad-currency", "keeps-failing", "not-retriable"]);
      expect(headersOf.map((headers) => headers["dlq-reason"])).toEqual(["undecodable", "invalid", "handler-failed", "handler-failed"]);
      expect(headersOf.map((headers) => headers["dlq-original-offset"])).toEqual(["1", "2", "3", "4"]);
      expect(headersOf.map((headers) => headers["dlq-attempts"])).toEqual(["0", "0", "3", "1"]);
      for (const headers of headersOf) {
        expect(headers["dlq-original-topic"]).toBe(spec.topic.name);
        expect(headers["dlq-original-partition"]).toBe("0");
        expect(headers["dlq-consumer-group"]).toBe(groupId);
      }
      expect(headersOf[0]!["dlq-error"]).toMatch(/UndecodableMessageError: the value is not JSON/);
      expect(headersOf[1]!["dlq-error"]).toMatch(/MessageValidationError: OrderCreated .*\/currency/);
      expect(headersOf[2]!["dlq-error"]).toBe("Error: ledger unavailable for order 666");
      expect(dead[0]!.payload).toBe("{not json");
      expect(dead[0]!.key).toBe("2");
      expect(JSON.parse(dead[2]!.payload!)).toEqual(orderCreated(666));
    } finally {
      await consumer.stop();
    }

    // Every offset, dead-lettered ones included, was committed: a restart does not see them again.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [spec.topic.name] });
      expect(committed!.partitions).toEqual([{ partition: 0, offset: "6", metadata: null }]);
    } finally {
      await admin.disconnect();
    }
  }, 90_000);
});
