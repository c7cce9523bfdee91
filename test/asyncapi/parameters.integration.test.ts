/**
 * Channel parameters on the real broker, through the generated code of the golden
 * v3-streetlights contract: a topic per streetlight, the producer sends to the one its
 * parameters name, the consumer reads the ones it is given, and a value the contract (or a
 * topic name) does not allow is refused before anything is sent.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { TopicParameterError, topicFor, topicParameters } from "../../runtime/src/kafka/topic-parameters.js";
import type { ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { streetlightsStreetlightIdLightingMeasuredTopic as measured } from "../golden/asyncapi/v3-streetlights/expected/asyncapi/channels/streetlights-streetlight-id-lighting-measured.js";
import { streetlightsZoneStreetlightIdTurnOnTopic as turnOn } from "../golden/asyncapi/v3-streetlights/expected/asyncapi/channels/streetlights-zone-streetlight-id-turn-on.js";
import { startStreetlightsConsumer } from "../golden/asyncapi/v3-streetlights/expected/asyncapi/streetlights/consumer.js";
import { createStreetlightsProducer } from "../golden/asyncapi/v3-streetlights/expected/asyncapi/streetlights/producer.js";
import { provisionStreetlightsTopics } from "../golden/asyncapi/v3-streetlights/expected/asyncapi/streetlights/topics.js";
import { waitUntil } from "../../tools/wait.js";
import { kafkaBrokers, testKafka } from "../support/kafka/index.js";

// Streetlight ids of this run only: the topics they name are this file's own on the shared broker.
const a = `a${randomBytes(4).toString("hex")}`;
const b = `b${randomBytes(4).toString("hex")}`;
const cleanup: Array<() => Promise<void>> = [];
let kafka: Kafka;

beforeAll(async () => {
  kafka = testKafka(kafkaBrokers(), "concord-parameters");
  // The document's own provisioning leaves the templates out; the concrete topics are provisioned by value.
  const report = await provisionStreetlightsTopics(kafka);
  expect([...report.created, ...report.unchanged].some((name) => name.includes("{"))).toBe(false);
  await provisionTopics(kafka, [
    topicFor(measured, { streetlightId: a }),
    topicFor(measured, { streetlightId: b }),
    topicFor(turnOn, { zone: "north", streetlightId: a }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
}, 60_000);

describe("channel parameters on a real broker", { timeout: 180_000 }, () => {
  it("sends to and reads from the topic each set of values names", async () => {
    const lights: ReceivedMessage<{ lumens: number }>[] = [];
    const switched: ReceivedMessage<{ command: string }>[] = [];
    const consumer = await startStreetlightsConsumer(
      kafka,
      {
        onReceiveLightMeasurement: async (message) => void lights.push(message),
        onTurnOn: async (message) => void switched.push(message),
      },
      {
        groupId: (id) => `${id}.parameters.${randomUUID().slice(0, 8)}`,
        topics: {
          onReceiveLightMeasurement: [{ streetlightId: a }, { streetlightId: b }],
          onTurnOn: [{ zone: "north", streetlightId: a }],
        },
      },
    );
    cleanup.push(() => consumer.stop());
    await consumer.joined;

    const producer = createStreetlightsProducer(kafka);
    cleanup.push(() => producer.disconnect());
    await producer.sendMeasureLight({ streetlightId: a }, { lumens: 3 });
    await producer.sendMeasureLight({ streetlightId: b }, { lumens: 5 });
    await producer.sendTurnOn({ zone: "north", streetlightId: a }, { command: "on" });

    await waitUntil(
      () => lights.length === 2 && switched.length === 1,
      60_000,
      () => `${lights.length} of 2 measurements, ${switched.length} of 1 switch`,
    );
    const byLight = Object.fromEntries(lights.map((m) => [topicParameters(measured, m.topic)?.streetlightId, m.payload.lumens]));
    expect(byLight).toEqual({ [a]: 3, [b]: 5 });
    expect(switched[0]!.topic).toBe(`streetlights.north.${a}.turn.on`);
    expect(topicParameters(turnOn, switched[0]!.topic)).toEqual({ zone: "north", streetlightId: a });
  });

  it("refuses a value outside the parameter's enum or not fit for a topic name, before sending", async () => {
    const producer = createStreetlightsProducer(kafka);
    cleanup.push(() => producer.disconnect());
    await expect(producer.sendTurnOn({ zone: "east" as "north", streetlightId: a }, { command: "on" })).rejects.toThrow(
      TopicParameterError,
    );
    await expect(producer.sendMeasureLight({ streetlightId: "a.b" }, { lumens: 1 })).rejects.toThrow(/characters a topic name cannot hold/);
    await expect(producer.sendMeasureLight({ streetlightId: "" }, { lumens: 1 })).rejects.toThrow(/no value given/);
  });
});
