/**
 * One record through a consumer: decode and validate it, skip it if the dedup store has seen it,
 * run its handler within the record's budget, and dead-letter it when it cannot be handled —
 * at once for a record that fails validation, after the budget for a failing handler.
 */
import type { KafkaMessage } from "kafkajs";
import { deadLetterRecord, type DeadLetterReason } from "./dead-letter.js";
import { decodeRecord, type AnyHandlerBinding } from "./decode.js";
import { RecordBudget, retryWithin, type AttemptsOutcome, type HandlerRetry } from "./handler-retry.js";
import type { ConcordProducer } from "./producer.js";
import type { DedupStore, ReceivedMessage } from "./types.js";

/** What `onError` learns about a message that could not be handled. */
export interface ConsumeFailure {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly messageId: string;
  readonly reason: DeadLetterReason;
  readonly attempts: number;
  /** From the first attempt to the verdict (0 when the message never reached the handler). */
  readonly elapsedMs: number;
  /** Whether the record went to `<topic>.dlq` (false only with `dlq: false`: it was dropped). */
  readonly deadLettered: boolean;
}

export interface RecordHandlerOptions {
  readonly groupId: string;
  readonly retry: HandlerRetry;
  readonly dedup?: DedupStore;
  readonly dlq: boolean;
  readonly producer: ConcordProducer;
  readonly onError?: (error: unknown, failure: ConsumeFailure) => void;
}

export type Outcome = "done" | "abandoned";

export function recordHandler(options: RecordHandlerOptions, bindingsOf: ReadonlyMap<string, readonly AnyHandlerBinding[]>) {
  const { groupId, retry, dedup, dlq, producer, onError } = options;

  async function deadLetter(record: KafkaMessage, failure: Omit<ConsumeFailure, "deadLettered" | "offset" | "groupId">, error: unknown) {
    onError?.(error, { ...failure, groupId, offset: record.offset, deadLettered: dlq });
    if (dlq) await producer.sendRecords([deadLetterRecord(record, { ...failure, groupId, error })]);
  }

  /** `giveUp` aborts when the consumer stops or loses the record's partition. */
  return async function handleRecord(topic: string, partition: number, record: KafkaMessage, giveUp: AbortSignal): Promise<Outcome> {
    const budget = new RecordBudget(retry.budgetMs, giveUp);
    const decoded = decodeRecord(bindingsOf.get(topic) ?? [], { topic, partition }, record, budget);
    if (!decoded.ok) {
      budget.dispose();
      const { reason, error, messageId } = decoded;
      await deadLetter(record, { topic, partition, messageId, reason, attempts: 0, elapsedMs: 0 }, error);
      return "done";
    }
    const { binding, message } = decoded;
    if (dedup && (await dedup.seen(message.messageId))) {
      budget.dispose();
      return "done";
    }
    try {
      await binding.handle(message as ReceivedMessage<never>);
      budget.dispose();
    } catch (firstError) {
      const outcome = await retryWithin(retry, budget, giveUp, firstError, (attempt) =>
        binding.handle({ ...message, attempt, signal: budget.signal } as ReceivedMessage<never>),
      );
      if (outcome.kind !== "handled") return settle(record, topic, partition, message.messageId, outcome);
    }
    await dedup?.remember(message.messageId);
    return "done";
  };

  async function settle(
    record: KafkaMessage,
    topic: string,
    partition: number,
    messageId: string,
    outcome: Exclude<AttemptsOutcome, { kind: "handled" }>,
  ): Promise<Outcome> {
    if (outcome.kind === "abandoned") return "abandoned";
    const { attempts, elapsedMs, error } = outcome;
    await deadLetter(record, { topic, partition, messageId, reason: "handler-failed", attempts, elapsedMs }, error);
    return "done";
  }
}
