/**
 * Request/reply over a pair of topics (e.g. `users.profile` / `users.profile.response`): the
 * requester sends with a `correlation-id` header and waits for the reply carrying the same id;
 * the responder answers each request on the reply topic with the request's id.
 */
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { bindHandler, runConsumer, type ConsumerHealth, type HandlerRetry, type RunningConsumer } from "./consumer.js";
import { isRetriableKafkaError, RequestTimeoutError, StoppedError } from "./errors.js";
import { replySpecList, replyWith, type ReplySpecs } from "./reply-handler.js";
import { createProducer, type ConcordProducer } from "./producer.js";
import type { DedupStore, MessageSpec, ReceivedMessage, SendMetadata } from "./types.js";
import { withRetry, type RetryPolicy } from "../retry.js";

export interface RequesterOptions<Request, Reply> {
  request: MessageSpec<Request>;
  reply: ReplySpecs<Reply>;
  /** How long `request()` waits for its reply (default 30 s). */
  timeoutMs?: number;
  /**
   * The requester's own consumer group on the reply topic (default: a fresh one per requester,
   * so every instance sees every reply and keeps those it asked for). It starts at the end of the topic.
   */
  groupId?: string;
  producer?: ConcordProducer;
}

/** How long one `request()` waits: the first of its timeout and its signal (e.g. a handler's budget) ends the wait. */
export interface RequestWait {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Requester<Request, Reply> {
  /**
   * Sends the request and resolves with the matching reply. The correlation id is
   * `metadata.correlationId`, else the payload's `requestId`, else a fresh uuid.
   */
  request(payload: Request, metadata?: SendMetadata & RequestWait): Promise<ReceivedMessage<Reply>>;
  /** The reply consumer's group. */
  health(): readonly ConsumerHealth[];
  stop(): Promise<void>;
}

export async function createRequester<Request, Reply>(
  kafka: Kafka,
  options: RequesterOptions<Request, Reply>,
): Promise<Requester<Request, Reply>> {
  const replies = replySpecList(options.reply);
  const replyTopic = replies[0]!.topic.name;
  const groupId = options.groupId ?? `${replyTopic}.requester.${randomUUID()}`;
  const ownsProducer = options.producer === undefined;
  const producer = options.producer ?? createProducer(kafka);
  const waiting = new Map<string, (reply: ReceivedMessage<Reply>) => void>();
  const failOnStop = new Set<(error: Error) => void>();

  // Sought and committed: a consumer that crashes and rejoins resumes here instead of at the
  // then-latest offset, which would skip the replies written while it was away.
  const consumer = await runConsumer(kafka, {
    groupId,
    dlq: false,
    fromBeginning: false,
    startAt: await endOffsets(kafka, replyTopic),
    handlers: replies.map((spec) =>
      bindHandler(spec, async (reply) => {
        const id = reply.correlationId ?? requestIdOf(reply.payload);
        if (id !== undefined) waiting.get(id)?.(reply);
      }),
    ),
  });
  await consumer.joined;

  return {
    async request(payload, metadata = {}) {
      const { timeoutMs = options.timeoutMs ?? 30_000, signal, ...sendMetadata } = metadata;
      signal?.throwIfAborted();
      const correlationId = sendMetadata.correlationId ?? requestIdOf(payload) ?? randomUUID();
      let cancel: (error: Error) => void = () => {};
      const replied = new Promise<ReceivedMessage<Reply>>((resolve, reject) => {
        const timer = setTimeout(() => cancel(new RequestTimeoutError(options.request.name, correlationId, timeoutMs)), timeoutMs);
        const onAbort = () => cancel(signal!.reason as Error);
        cancel = (error) => settle(() => reject(error));
        const settle = (finish: () => void) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          waiting.delete(correlationId);
          failOnStop.delete(cancel);
          finish();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiting.set(correlationId, (reply) => settle(() => resolve(reply)));
        failOnStop.add(cancel);
      });
      // The timeout may fire while the send is still retrying: the caller sees it once it awaits.
      replied.catch(() => {});
      // A send that keeps retrying (broker away) is bounded by the same wait as the reply.
      const sent = producer.send(options.request, payload, { ...sendMetadata, correlationId }).catch((error: unknown) => {
        cancel(error as Error);
        throw error;
      });
      sent.catch(() => {});
      await Promise.race([sent, replied]);
      return replied;
    },
    health: () => consumer.health(),
    async stop() {
      for (const fail of [...failOnStop]) fail(new StoppedError("the requester"));
      await consumer.stop();
      if (ownsProducer) await producer.disconnect();
      if (options.groupId === undefined) await deleteGroup(kafka, groupId);
    },
  };
}

export interface ResponderOptions<Request, Reply> {
  request: MessageSpec<Request>;
  /** Each answer goes as the first of the reply's messages that accepts it. */
  reply: ReplySpecs<Reply>;
  groupId: string;
  /** Computes the reply; a thrown error follows the consumer's retry and dead-letter rules. */
  handle: (request: ReceivedMessage<Request>) => Promise<Reply>;
  retry?: Partial<HandlerRetry>;
  dedup?: DedupStore;
  producer?: ConcordProducer;
}

/** Answers requests: each reply carries the request's correlation id (or its message id) and its trace. */
export async function serveReplies<Request, Reply>(kafka: Kafka, options: ResponderOptions<Request, Reply>): Promise<RunningConsumer> {
  const ownsProducer = options.producer === undefined;
  const producer = options.producer ?? createProducer(kafka);
  const consumer = await runConsumer(kafka, {
    groupId: options.groupId,
    producer,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.dedup ? { dedup: options.dedup } : {}),
    handlers: [bindHandler(options.request, replyWith(producer, options.reply, options.handle))],
  });
  return {
    joined: consumer.joined,
    health: () => consumer.health(),
    async stop() {
      await consumer.stop();
      if (ownsProducer) await producer.disconnect();
    },
  };
}

function requestIdOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const requestId = (payload as { requestId?: unknown }).requestId;
  return typeof requestId === "string" ? requestId : undefined;
}

/** The topic's current end offsets: a requester reads only replies written after it started. */
async function endOffsets(kafka: Kafka, topic: string): Promise<Array<{ topic: string; partition: number; offset: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A topic created a moment ago may not have its leaders in every metadata cache yet.
    const ends = await withRetry(() => admin.fetchTopicOffsets(topic), { policy: metadataRetry, shouldRetry: isRetriableKafkaError });
    return ends.map(({ partition, high }) => ({ topic, partition, offset: high }));
  } finally {
    await admin.disconnect();
  }
}

const metadataRetry: RetryPolicy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } catch {
    // Best effort: an empty group with no offsets expires on its own.
  } finally {
    await admin.disconnect();
  }
}
