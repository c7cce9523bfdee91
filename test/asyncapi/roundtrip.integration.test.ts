/**
 * The generated code end to end on the real broker: the order service's generated producer
 * writes OrderCreated, the billing service's generated consumer reads it; the notification
 * service's generated requester asks the user service's generated consumer for a profile and
 * gets the reply. Topics come from the generated provisioning call. The generated specs carry the
 * contract's real topic names, which other suites' generated services also use, so this file runs
 * on a broker of its own: no other responder can answer its requests.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessageValidationError } from "../../runtime/src/kafka/errors.js";
import type { ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { startBillingServiceConsumer } from "../../generated/asyncapi/billing-service/consumer.js";
import type { OrderCreated } from "../../generated/asyncapi/channels/orders-created.js";
import { createUserProfileRequester } from "../../generated/asyncapi/notification-service/requesters.js";
import { createOrderServiceProducer } from "../../generated/asyncapi/order-service/producer.js";
import { provisionAllTopics } from "../../generated/asyncapi/topics.js";
import { startUserServiceConsumer } from "../../generated/asyncapi/user-service/consumer.js";
import type { Kafka } from "kafkajs";
import { startKafkaBroker, type KafkaBroker } from "../../tools/kafka/broker.js";
import { testKafka } from "../support/kafka/index.js";
import { waitUntil } from "../../tools/wait.js";

const run = randomUUID().slice(0, 8);
const uniqueGroup = (group: string) => `${group}.roundtrip.${run}`;
const cleanup: Array<() => Promise<void>> = [];
let broker: KafkaBroker | undefined;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startKafkaBroker({ maxHeap: "384m" });
  kafka = testKafka(broker.brokers, "concord-asyncapi-roundtrip");
  await provisionAllTopics(kafka);
}, 240_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  await broker?.destroy();
}, 120_000);

// Generous: on a busy two-core machine a group join alone can take tens of seconds.
describe("generated AsyncAPI code on a real broker", { timeout: 240_000 }, () => {
  it("order-service producer → billing-service consumer: payload, key and headers arrive as the contract says", async () => {
    const received: Array<ReceivedMessage<OrderCreated>> = [];
    const requestId = `req-${run}`;
    const billing = await startBillingServiceConsumer(
      kafka,
      {
        onOrderCreated: async (message) => {
          if (message.payload.requestId === requestId) received.push(message);
        },
        onUserRegistered: async () => {},
      },
      { groupId: uniqueGroup },
    );
    cleanup.push(() => billing.stop());
    await billing.joined;

    const producer = createOrderServiceProducer(kafka);
    cleanup.push(() => producer.disconnect());
    const order: OrderCreated = {
      requestId,
      username: "alice",
      orderId: 9_007_199_254_740_991,
      items: [{ productId: "sku-1", quantity: 2, price: 1250 }],
      totalCost: 2500,
      currency: "EUR",
      createdAt: Date.now(),
    };
    // No correlation id given: the contract's correlationId ($message.payload#/requestId) supplies it.
    const sent = await producer.sendOrderCreated(order, { idempotencyKey: `idem-${run}` });
    expect(sent.topic).toBe("orders.created");

    await waitUntil(
      () => received.length > 0,
      150_000,
      () => `OrderCreated (partition ${sent.partition}, offset ${sent.offset}) never reached the billing consumer`,
    );
    const message = received[0]!;
    expect(message.payload).toEqual(order);
    expect(message.key).toBe(String(order.orderId));
    expect(message.messageId).toBe(sent.messageId);
    expect(message.correlationId).toBe(requestId);
    expect(message.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
    expect(message.headers).toMatchObject({
      "content-type": "application/json",
      "message-name": "OrderCreated",
      "idempotency-key": `idem-${run}`,
    });
    expect({ topic: message.topic, partition: message.partition }).toEqual({ topic: "orders.created", partition: sent.partition });
  });

  it("the generated producer refuses a payload that breaks the contract, before it leaves", async () => {
    const producer = createOrderServiceProducer(kafka);
    cleanup.push(() => producer.disconnect());
    const bad = { requestId: `bad-${run}`, username: "", orderId: -1 } as unknown as OrderCreated;
    await expect(producer.sendOrderCreated(bad)).rejects.toBeInstanceOf(MessageValidationError);
  });

  it("notification-service requester ↔ user-service consumer: request/reply over users.profile", async () => {
    const users = await startUserServiceConsumer(
      kafka,
      {
        onUserRegistered: async () => {},
        onUserProfileRequested: async ({ payload }) => ({
          requestId: payload.requestId,
          username: payload.username,
          found: true,
          email: `${payload.username}@example.com`,
        }),
      },
      { groupId: uniqueGroup },
    );
    cleanup.push(() => users.stop());
    await users.joined;
    const requester = await createUserProfileRequester(kafka, { timeoutMs: 60_000 });
    cleanup.push(() => requester.stop());

    const requestId = `profile-${run}`;
    const reply = await requester.request({ requestId, username: "bob" });
    expect(reply.payload).toEqual({ requestId, username: "bob", found: true, email: "bob@example.com" });
    expect(reply.correlationId).toBe(requestId);
    expect(reply.topic).toBe("users.profile.response");
  });
});
