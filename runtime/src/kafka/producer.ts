/**
 * The producer generated `send` functions call: validates before anything leaves, keys the
 * record from the contract, fills in Concord's headers, and writes with `acks=all` on an
 * idempotent kafkajs producer with one request in flight (so retries never reorder a key).
 */
import { Partitioners, type Kafka, type Message, type Producer, type ProducerConfig, type RecordMetadata } from "kafkajs";
import { encodeMessage, messageIdOf, type OutgoingRecord } from "./record.js";
import type { MessageSpec, SendMetadata } from "./types.js";

export interface ProducerOptions {
  /** kafkajs producer settings besides the ones Concord fixes (idempotence, one request in flight). */
  config?: Omit<ProducerConfig, "idempotent" | "maxInFlightRequests">;
}

/** Where a message landed. */
export interface SentMessage {
  readonly messageId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface BatchItem<Payload> {
  readonly payload: Payload;
  readonly metadata?: SendMetadata;
}

export interface ConcordProducer {
  /** Optional: the first send connects. */
  connect(): Promise<void>;
  send<Payload>(spec: MessageSpec<Payload>, payload: Payload, metadata?: SendMetadata): Promise<SentMessage>;
  /**
   * Validates every item first (nothing is sent if one is invalid), then writes them in one
   * request; returns their message ids in order.
   */
  sendBatch<Payload>(spec: MessageSpec<Payload>, items: ReadonlyArray<BatchItem<Payload>>): Promise<string[]>;
  /** Writes records encoded earlier (the outbox relay, the dead-letter path), in order. */
  sendRecords(records: readonly OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export function createProducer(kafka: Kafka, options: ProducerOptions = {}): ConcordProducer {
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    ...options.config,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  let connecting: Promise<void> | undefined;

  function connect(): Promise<void> {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  async function write(records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    await connect();
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key ?? null, value: record.value, headers: { ...record.headers } });
      byTopic.set(record.topic, messages);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    return producer.sendBatch({ topicMessages, acks: -1 });
  }

  return {
    connect,
    async send(spec, payload, metadata) {
      const record = encodeMessage(spec, payload, metadata);
      const [written] = await write([record]);
      return {
        messageId: messageIdOf(record),
        topic: record.topic,
        partition: written?.partition ?? -1,
        offset: written?.baseOffset ?? "-1",
      };
    },
    async sendBatch(spec, items) {
      const records = items.map((item) => encodeMessage(spec, item.payload, item.metadata));
      await write(records);
      return records.map(messageIdOf);
    },
    async sendRecords(records) {
      await write(records);
    },
    async disconnect() {
      connecting = undefined;
      await producer.disconnect();
    },
  };
}
