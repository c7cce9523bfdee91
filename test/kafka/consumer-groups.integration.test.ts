/**
 * runConsumerGroups on the real broker: every group consumes, `joined` waits for all, `stop()`
 * leaves every group (the broker sees no members); a group that fails to start takes down the
 * groups started before it, and what the caller shares with the groups is released either way.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Consumer, Kafka } from "kafkajs";
import { bindHandler } from "../../runtime/src/kafka/consumer.js";
import { runConsumerGroups } from "../../runtime/src/kafka/consumer-groups.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import type { MessageSpec } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const producer = createProducer(testKafka(brokers, "concord-consumer-groups-producer"));

afterAll(() => producer.disconnect());

/** A kafkajs client that records, per group id, the events of the real consumers it creates. */
function observedKafka(): { kafka: Kafka; events: Map<string, string[]> } {
  const kafka = testKafka(brokers, "concord-consumer-groups");
  const events = new Map<string, string[]>();
  const createConsumer = kafka.consumer.bind(kafka);
  kafka.consumer = (config): Consumer => {
    const consumer = createConsumer(config);
    const seen: string[] = [];
    events.set(config.groupId, seen);
    consumer.on(consumer.events.GROUP_JOIN, () => seen.push("joined"));
    consumer.on(consumer.events.DISCONNECT, () => seen.push("disconnected"));
    return consumer;
  };
  return { kafka, events };
}

async function membersOf(kafka: Kafka, groupIds: string[]): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(groupIds);
    return groupIds.map((id) => groups.find((group) => group.groupId === id)?.members.length ?? 0);
  } finally {
    await admin.disconnect();
  }
}

async function twoTopics(): Promise<[MessageSpec<OrderCreated>, MessageSpec<OrderCreated>]> {
  const specs = [orderCreatedSpec(topicSpec(uniqueTopic("groups.a"))), orderCreatedSpec(topicSpec(uniqueTopic("groups.b")))] as const;
  await provisionTopics(
    testKafka(brokers, "concord-consumer-groups-admin"),
    specs.map((spec) => spec.topic),
  );
  return [specs[0], specs[1]];
}

describe("runConsumerGroups on a real broker", { timeout: 120_000 }, () => {
  it("runs every group; stop() leaves them all and then runs afterStop once", async () => {
    const { kafka, events } = observedKafka();
    const [specA, specB] = await twoTopics();
    const [groupA, groupB] = [uniqueTopic("group-a"), uniqueTopic("group-b")];
    const received: string[] = [];
    let afterStopCalls = 0;

    const running = await runConsumerGroups(
      kafka,
      [
        { groupId: groupA, handlers: [bindHandler(specA, async (m) => void received.push(`a:${m.payload.orderId}`))] },
        { groupId: groupB, handlers: [bindHandler(specB, async (m) => void received.push(`b:${m.payload.orderId}`))] },
      ],
      { afterStop: async () => void afterStopCalls++ },
    );
    try {
      await running.joined;
      expect(await membersOf(kafka, [groupA, groupB])).toEqual([1, 1]);
      await producer.send(specA, orderCreated(1), {});
      await producer.send(specB, orderCreated(2), {});
      await waitUntil(
        () => received.length === 2,
        60_000,
        () => `received ${received.join(", ")}`,
      );
      expect(received.sort()).toEqual(["a:1", "b:2"]);
    } finally {
      await running.stop();
    }

    expect(await membersOf(kafka, [groupA, groupB])).toEqual([0, 0]);
    for (const group of [groupA, groupB]) {
      expect(events.get(group)).toContain("joined");
      expect(events.get(group)?.at(-1)).toBe("disconnected");
    }
    await running.stop(); // a second stop is the first one's promise, not a second round
    expect(afterStopCalls).toBe(1);
  });

  it("a group that fails to start stops the groups started before it, runs afterStop and rethrows", async () => {
    const { kafka, events } = observedKafka();
    const [specA, specB] = await twoTopics();
    const [groupA, groupB] = [uniqueTopic("group-a"), uniqueTopic("group-b")];
    let afterStopCalls = 0;

    const starting = runConsumerGroups(
      kafka,
      [
        { groupId: groupA, handlers: [bindHandler(specA, async () => {})] },
        // kafkajs refuses the seek after connect, subscribe and run: a start that fails half-way.
        {
          groupId: groupB,
          handlers: [bindHandler(specB, async () => {})],
          startAt: [{ topic: specB.topic.name, partition: 0, offset: "-5" }],
        },
      ],
      { afterStop: async () => void afterStopCalls++ },
    );

    await expect(starting).rejects.toThrow(/negative/);
    expect(events.get(groupA)).toContain("disconnected");
    expect(events.get(groupB)).toContain("disconnected");
    expect(await membersOf(kafka, [groupA, groupB])).toEqual([0, 0]);
    expect(afterStopCalls).toBe(1);
  });
});
