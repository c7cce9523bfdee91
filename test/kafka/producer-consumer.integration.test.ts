/**
 * The Concord producer and consumer loop against the real broker: a typed round trip with
 * Concord's headers, one key's events in order across a multi-partition topic, nothing invalid
 * leaves the producer, and kcat (librdkafka) reads exactly what the producer wrote.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MessageValidationError } from "../../runtime/src/kafka/errors.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { bindHandler, runConsumer, type RunningConsumer } from "../../runtime/src/kafka/consumer.js";
import type { ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-producer-consumer");
const producer = createProducer(kafka);
const consumers: RunningConsumer[] = [];

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  await producer.disconnect();
});

const traceparentPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe("Concord producer and consumer on a real broker", () => {
  it("round-trips a typed message with its key and Concord's headers", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 3));
    await provisionTopics(kafka, [spec.topic]);
    const received: Array<ReceivedMessage<OrderCreated>> = [];
    consumers.push(
      await runConsumer(kafka, {
        groupId: uniqueTopic("round-trip"),
        handlers: [bindHandler(spec, async (message) => void received.push(message))],
      }),
    );

    const order = orderCreated(4242);
    const sent = await producer.send(spec, order, { correlationId: order.requestId, idempotencyKey: "idem-1" });
    await waitUntil(
      () => received.length === 1,
      30_000,
      () => `received ${received.length} messages`,
    );

    const [message] = received;
    expect(message!.payload).toEqual(order);
    expect(message!.key).toBe("4242");
    expect(message!.messageId).toBe(sent.messageId);
    expect(message!.correlationId).toBe(order.requestId);
    expect(message!.traceparent).toMatch(traceparentPattern);
    expect(message!.headers).toMatchObject({
      "content-type": "application/json",
      "message-name": "OrderCreated",
      "idempotency-key": "idem-1",
    });
    expect({ partition: message!.partition, offset: message!.offset }).toEqual({ partition: sent.partition, offset: sent.offset });
  }, 60_000);

  it("delivers many events of one key in order across a 6-partition topic", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 6));
    await provisionTopics(kafka, [spec.topic]);
    const seen = new Map<number, number[]>();
    consumers.push(
      await runConsumer(kafka, {
        groupId: uniqueTopic("ordering"),
        partitionsConsumedConcurrently: 3,
        handlers: [
          bindHandler(spec, async ({ payload }) => {
            seen.set(payload.orderId, [...(seen.get(payload.orderId) ?? []), payload.items[0]!.quantity]);
          }),
        ],
      }),
    );

    const orders = [101, 102, 103, 104, 105, 106, 107, 108];
    const perOrder = 50;
    // Interleaved sends: one request per round, every order in each, so batching cannot sort them for us.
    for (let line = 1; line <= perOrder; line++) {
      await producer.sendBatch(
        spec,
        orders.map((orderId) => ({ payload: orderCreated(orderId, line) })),
      );
    }
    const total = () => [...seen.values()].reduce((sum, lines) => sum + lines.length, 0);
    await waitUntil(
      () => total() === orders.length * perOrder,
      45_000,
      () => `received ${total()}`,
    );

    const expected = Array.from({ length: perOrder }, (_, index) => index + 1);
    for (const orderId of orders) expect(seen.get(orderId)).toEqual(expected);
    // The keys really were spread: more than one partition holds data.
    const records = await kcatConsume(brokers, spec.topic.name, { count: orders.length * perOrder, timeoutMs: 30_000 });
    expect(new Set(records.map((record) => record.partition)).size).toBeGreaterThan(1);
  }, 90_000);

  it("refuses to send a payload that breaks the contract, and sends nothing", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created")));
    await provisionTopics(kafka, [spec.topic]);
    const invalid = { ...orderCreated(7), currency: "euro", items: [] };

    const error = await producer.send(spec, invalid).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageValidationError);
    expect((error as MessageValidationError).problems.join("\n")).toMatch(/\/currency|\/items/);
    expect((error as MessageValidationError).retriable).toBe(false);

    await producer.send(spec, orderCreated(8));
    const records = await kcatConsume(brokers, spec.topic.name, { timeoutMs: 20_000 });
    expect(records.map((record) => JSON.parse(record.payload!).orderId)).toEqual([8]);
  }, 60_000);

  it("writes records kcat reads back with the same payload, key and headers", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created"), 2));
    await provisionTopics(kafka, [spec.topic]);
    const order = orderCreated(9001);
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const sent = await producer.send(spec, order, {
      correlationId: "corr-9001",
      traceparent,
      idempotencyKey: "idem-9001",
      headers: { "x-tenant": "acme" },
    });

    const [record] = await kcatConsume(brokers, spec.topic.name, { count: 1, timeoutMs: 20_000 });
    expect(record!.key).toBe("9001");
    expect(JSON.parse(record!.payload!)).toEqual(order);
    expect(record!.partition).toBe(sent.partition);
    expect(Object.fromEntries(record!.headers)).toEqual({
      "x-tenant": "acme",
      "message-id": sent.messageId,
      "correlation-id": "corr-9001",
      traceparent,
      "content-type": "application/json",
      "message-name": "OrderCreated",
      "idempotency-key": "idem-9001",
    });
  }, 60_000);
});
