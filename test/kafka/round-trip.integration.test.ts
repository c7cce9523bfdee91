/**
 * Every message type of the bundled contracts, as the generated code describes it (its
 * MessageSpec: ahead-of-time validator, key, name, topic bindings), through the real broker with
 * the Concord producer and consumer loop, and read back by kcat. Topics are renamed per run so
 * suites sharing the broker never meet.
 */
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bindHandler, runConsumer, type AnyHandlerBinding } from "../../runtime/src/kafka/consumer.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import type { MessageSpec, ReceivedMessage } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { kcatConsume } from "../support/kafka/kcat.js";
import { samplePayloads } from "./helpers/samples.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-round-trip");
const producer = createProducer(kafka);
const channelsDir = new URL("../../generated/asyncapi/channels/", import.meta.url);

afterAll(() => producer.disconnect());

function isMessageSpec(value: unknown): value is MessageSpec<unknown> {
  const candidate = value as Partial<MessageSpec<unknown>> | null;
  return (
    typeof candidate?.name === "string" &&
    typeof candidate.validate === "function" &&
    typeof candidate.key === "function" &&
    !!candidate.topic
  );
}

/** The MessageSpecs every generated channel module exports. */
async function generatedMessageSpecs(): Promise<Array<MessageSpec<unknown>>> {
  const files = readdirSync(channelsDir)
    .filter((file) => file.endsWith(".ts"))
    .sort();
  const specs: Array<MessageSpec<unknown>> = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(new URL(file, channelsDir).pathname).href)) as Record<string, unknown>;
    specs.push(...Object.values(module).filter(isMessageSpec));
  }
  return specs;
}

describe("round trip of every bundled message type", () => {
  it("sends each message with the generated spec and receives it typed, with key and headers, also through kcat", async () => {
    const generated = await generatedMessageSpecs();
    expect(generated.map((spec) => spec.name).sort()).toEqual(Object.keys(samplePayloads).sort());

    const renamed = new Map<string, string>();
    const specs = generated.map((spec) => {
      const name = renamed.get(spec.topic.name) ?? uniqueTopic(spec.topic.name);
      renamed.set(spec.topic.name, name);
      return { ...spec, topic: { ...spec.topic, name } };
    });
    await provisionTopics(kafka, [...new Map(specs.map((spec) => [spec.topic.name, spec.topic])).values()]);

    const received = new Map<string, ReceivedMessage<unknown>>();
    const handlers: AnyHandlerBinding[] = specs.map((spec) => bindHandler(spec, async (message) => void received.set(spec.name, message)));
    const consumer = await runConsumer(kafka, { groupId: uniqueTopic("round-trip"), handlers });
    try {
      const sent = new Map<string, string>();
      for (const spec of specs) {
        const payload = samplePayloads[spec.name as keyof typeof samplePayloads];
        expect(spec.validate(payload), spec.name).toEqual({ valid: true });
        sent.set(spec.name, (await producer.send(spec, payload, { correlationId: `corr-${spec.name}` })).messageId);
      }
      await waitUntil(
        () => received.size === specs.length,
        45_000,
        () => `received ${[...received.keys()].join(", ")}`,
      );

      for (const spec of specs) {
        const payload = samplePayloads[spec.name as keyof typeof samplePayloads];
        const message = received.get(spec.name)!;
        expect(message.payload, spec.name).toEqual(payload);
        expect(message.key, spec.name).toBe(spec.key(payload));
        expect(message.messageId).toBe(sent.get(spec.name));
        expect(message.correlationId).toBe(`corr-${spec.name}`);
        expect(message.headers["message-name"]).toBe(spec.name);
        expect(message.headers["content-type"]).toBe(spec.contentType);
      }
    } finally {
      await consumer.stop();
    }

    // A client no one here wrote sees the same bytes and headers.
    for (const spec of specs) {
      const [record] = await kcatConsume(brokers, spec.topic.name, { count: 1, timeoutMs: 20_000 });
      const payload = samplePayloads[spec.name as keyof typeof samplePayloads];
      expect(JSON.parse(record!.payload!), spec.name).toEqual(payload);
      expect(record!.key).toBe(spec.key(payload) ?? null);
      expect(Object.fromEntries(record!.headers)).toMatchObject({ "message-name": spec.name, "correlation-id": `corr-${spec.name}` });
    }
  }, 90_000);
});
