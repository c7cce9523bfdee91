/**
 * An idempotent producer that kafkajs cannot bring back in step with the broker (out-of-order
 * sequence numbers, an unknown producer id, as after a broker restart) is replaced by a new one,
 * so the next send goes through instead of failing forever. Other failures keep the producer.
 */
import type { Kafka, ProducerBatch } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import type { OutgoingRecord } from "../../runtime/src/kafka/record.js";

interface FakeProducer {
  batches: ProducerBatch[];
  disconnected: boolean;
}

function fakeKafka(failures: unknown[]): { kafka: Kafka; producers: FakeProducer[] } {
  const producers: FakeProducer[] = [];
  const kafka = {
    producer: () => {
      const fake: FakeProducer = { batches: [], disconnected: false };
      producers.push(fake);
      return {
        connect: async () => {},
        disconnect: async () => void (fake.disconnected = true),
        async sendBatch(batch: ProducerBatch) {
          const failure = failures.shift();
          if (failure) throw failure;
          fake.batches.push(batch);
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

const protocolError = (type: string) => Object.assign(new Error(type), { name: "KafkaJSProtocolError", type });
const record: OutgoingRecord = { topic: "orders.status", key: "1", value: "{}", headers: { "message-id": "m-1" } };

describe("producer replacement", () => {
  it.each(["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID"])(
    "replaces the kafkajs producer after %s; the next send goes through the new one",
    async (type) => {
      const { kafka, producers } = fakeKafka([protocolError(type)]);
      const producer = createProducer(kafka);
      await expect(producer.sendRecords([record])).rejects.toThrow(type);
      expect(producers).toHaveLength(2);
      expect(producers[0]!.disconnected).toBe(true);
      await producer.sendRecords([record]);
      expect(producers[1]!.batches).toHaveLength(1);
    },
  );

  it("keeps the producer after any other failure", async () => {
    const { kafka, producers } = fakeKafka([Object.assign(new Error("Connection error"), { name: "KafkaJSConnectionError" })]);
    const producer = createProducer(kafka);
    await expect(producer.sendRecords([record])).rejects.toThrow("Connection error");
    await producer.sendRecords([record]);
    expect(producers).toHaveLength(1);
    expect(producers[0]!.batches).toHaveLength(1);
  });
});
