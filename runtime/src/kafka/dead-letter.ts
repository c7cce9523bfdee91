/**
 * The dead-letter record of a message that could not be handled: the original key, value and
 * headers, plus why it failed and where it came from, on `<topic>.dlq`.
 */
import type { KafkaMessage } from "kafkajs";
import { errorLine } from "./errors.js";
import { deadLetterHeaders, readHeaders } from "./headers.js";
import type { OutgoingRecord } from "./record.js";

export type DeadLetterReason = "invalid" | "undecodable" | "handler-failed";

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface DeadLetterCause {
  /** The consumer group that failed it: several groups may read one topic. */
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly reason: DeadLetterReason;
  readonly error: unknown;
  /** How many times the handler ran (0 when the message never reached it). */
  readonly attempts: number;
  /** From the first attempt to the verdict, in ms. */
  readonly elapsedMs: number;
}

export function deadLetterRecord(record: KafkaMessage, cause: DeadLetterCause): OutgoingRecord {
  const headers: Record<string, string> = {
    ...readHeaders(record.headers),
    [deadLetterHeaders.reason]: cause.reason,
    [deadLetterHeaders.error]: errorText(cause.error),
    [deadLetterHeaders.topic]: cause.topic,
    [deadLetterHeaders.partition]: String(cause.partition),
    [deadLetterHeaders.offset]: record.offset,
    [deadLetterHeaders.group]: cause.groupId,
    [deadLetterHeaders.attempts]: String(cause.attempts),
    [deadLetterHeaders.elapsedMs]: String(cause.elapsedMs),
    [deadLetterHeaders.failedAt]: String(Date.now()),
  };
  return {
    topic: deadLetterTopic(cause.topic),
    key: record.key?.toString("utf8"),
    value: record.value ?? Buffer.alloc(0),
    headers,
  };
}

/** One line, bounded: headers are not the place for stack traces. */
function errorText(error: unknown): string {
  return errorLine(error).replace(/\s+/g, " ").slice(0, 1000);
}
