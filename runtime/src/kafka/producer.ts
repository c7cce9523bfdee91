/**
 * The producer generated `send` functions call: validates before anything leaves, keys the
 * record from the contract, fills in Concord's headers, and writes with `acks=all` on an
 * idempotent kafkajs producer with one request in flight (so retries never reorder a key).
 *
 * Calls made while a request is in flight wait and then leave together in the next request
 * (in call order, up to `maxCoalescedRecords`), instead of one request per call each waiting for
 * its own acknowledgement. Nothing waits when the producer is idle: the first call goes at once.
 */
import type { Kafka, Message, Producer, ProducerConfig, RecordMetadata } from "kafkajs";
import { kafkajs } from "./peer.js";
import { encodeMessage, messageIdOf, type OutgoingRecord } from "./record.js";
import type { MessageSpec, SendMetadata } from "./types.js";

export interface ProducerOptions {
  /** kafkajs producer settings besides the ones Concord fixes (idempotence, one request in flight). */
  config?: Omit<ProducerConfig, "idempotent" | "maxInFlightRequests">;
  /**
   * Most records that calls waiting for the request in flight are joined into (default 1,000);
   * a call's own records are never split, and calls to different topics are not joined. 1 turns
   * joining off (one request per call).
   */
  maxCoalescedRecords?: number;
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
   * request (with other calls' records when joined); returns their message ids in order.
   */
  sendBatch<Payload>(spec: MessageSpec<Payload>, items: ReadonlyArray<BatchItem<Payload>>): Promise<string[]>;
  /** Writes records encoded earlier (the outbox relay, the dead-letter path), in order. */
  sendRecords(records: readonly OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Partition and offset of each record of one call, in the call's order. */
type Placement = { readonly partition: number; readonly offset: string };

/** A message the partitioner tells where it went (`landedOn`), so a joined `send` still gets its offset. */
interface TrackedMessage extends Message {
  landedOn: number;
}

/** One call's records waiting for a request. */
interface PendingWrite {
  readonly messages: Array<{ readonly topic: string; readonly message: TrackedMessage }>;
  /** Whether the caller wants partitions and offsets back (`send`); batches do not. */
  readonly placed: boolean;
  /** The call's topics, as one string: only calls to the same topics are joined. */
  readonly topics: string;
  resolve(placements: Placement[]): void;
  reject(error: unknown): void;
}

function isTracked(message: Message): message is TrackedMessage {
  return "landedOn" in message;
}

const unplaced: Placement = { partition: -1, offset: "-1" };

export function createProducer(kafka: Kafka, options: ProducerOptions = {}): ConcordProducer {
  const maxCoalescedRecords = Math.max(1, options.maxCoalescedRecords ?? 1_000);
  // The partitioner kafkajs uses, watched: it tells each message where it went.
  const createPartitioner = options.config?.createPartitioner ?? kafkajs.Partitioners.DefaultPartitioner;
  const newProducer = (): Producer =>
    kafka.producer({
      ...options.config,
      createPartitioner: () => {
        const partitioner = createPartitioner();
        return (args) => {
          const partition = partitioner(args);
          if (isTracked(args.message)) args.message.landedOn = partition;
          return partition;
        };
      },
      idempotent: true,
      maxInFlightRequests: 1,
    });
  let producer = newProducer();
  let connecting: Promise<void> | undefined;
  const queue: PendingWrite[] = [];
  let draining = false;

  function connect(): Promise<void> {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  }

  /** Queues one call's records; resolves with where they landed when `placed` (else with unknown places). */
  function write(records: readonly OutgoingRecord[], placed = false): Promise<Placement[]> {
    if (records.length === 0) return Promise.resolve([]);
    const messages = records.map((record) => ({
      topic: record.topic,
      message: { key: record.key ?? null, value: record.value, headers: record.headers, landedOn: -1 },
    }));
    const topics = topicsOf(records);
    return new Promise((resolve, reject) => {
      queue.push({ messages, topics, placed, resolve, reject });
      if (!draining) void drain();
    });
  }

  /** Sends queued calls, joined while they go to the same topics and fit, one request at a time. */
  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const joined = takeJoinable();
        try {
          await connect();
          const placements = await sendJoined(
            joined.flatMap((call) => call.messages),
            joined.some((call) => call.placed),
          );
          let from = 0;
          for (const call of joined) {
            call.resolve(placements.slice(from, from + call.messages.length));
            from += call.messages.length;
          }
        } catch (error) {
          if (lostSequence(error)) await replaceProducer();
          for (const call of joined) call.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  }

  /**
   * kafkajs never recovers an idempotent producer whose sequence numbers fell out of step with
   * the broker's (a request rejected for one partition after another partition had written it,
   * as a restarted broker does): every later send fails. A new producer gets a new producer id
   * and starts its sequences over; the calls that failed are retried by their callers.
   */
  async function replaceProducer(): Promise<void> {
    const old = producer;
    producer = newProducer();
    connecting = undefined;
    await old.disconnect().catch(() => {});
  }

  function takeJoinable(): PendingWrite[] {
    const first = queue.shift()!;
    const joined = [first];
    let count = first.messages.length;
    while (queue.length > 0 && queue[0]!.topics === first.topics && count + queue[0]!.messages.length <= maxCoalescedRecords) {
      count += queue[0]!.messages.length;
      joined.push(queue.shift()!);
    }
    return joined;
  }

  function topicsOf(records: readonly OutgoingRecord[]): string {
    const first = records[0]!.topic;
    if (records.every((record) => record.topic === first)) return first;
    return [...new Set(records.map((record) => record.topic))].sort().join("\n");
  }

  async function sendJoined(messages: PendingWrite["messages"], placed: boolean): Promise<Placement[]> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of messages) {
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
    }
    const topicMessages = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    const written = await producer.sendBatch({ topicMessages, acks: -1 });
    return placed ? placeAll(messages, written) : messages.map(() => unplaced);
  }

  /**
   * Where each message landed: its partition's base offset plus the messages before it in that
   * partition (kafkajs keeps the call order within a partition).
   */
  function placeAll(messages: PendingWrite["messages"], written: RecordMetadata[]): Placement[] {
    const base = new Map<string, bigint>();
    for (const meta of written) {
      if (meta.baseOffset !== undefined) base.set(`${meta.partition}\n${meta.topicName}`, BigInt(meta.baseOffset));
    }
    const before = new Map<string, number>();
    return messages.map(({ topic, message }) => {
      const slot = `${message.landedOn}\n${topic}`;
      const index = before.get(slot) ?? 0;
      before.set(slot, index + 1);
      const offset = base.get(slot);
      return { partition: message.landedOn, offset: offset === undefined ? "-1" : (offset + BigInt(index)).toString() };
    });
  }

  return {
    connect,
    async send(spec, payload, metadata) {
      const record = encodeMessage(spec, payload, metadata);
      const [placement] = await write([record], true);
      return {
        messageId: messageIdOf(record),
        topic: record.topic,
        partition: placement?.partition ?? -1,
        offset: placement?.offset ?? "-1",
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

const lostSequenceErrors = new Set(["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID"]);

/** The error, or one it wraps (kafkajs's `originalError`, `cause`), says so. */
function lostSequence(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if (lostSequenceErrors.has((error as { type?: string }).type ?? "")) return true;
  return lostSequence((error as { originalError?: unknown }).originalError ?? error.cause, depth + 1);
}
