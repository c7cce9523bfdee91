/**
 * The record headers Concord writes and reads: names, W3C trace context, and conversion from
 * the shapes kafkajs uses (Buffer | string | array) to plain strings.
 */
import { randomUUID } from "node:crypto";
import type { IHeaders } from "kafkajs";
import { childContext, formatTraceparent, parseTraceparent } from "../trace-context.js";
import type { HeaderNames } from "./types.js";

export const headerNames: HeaderNames = {
  messageId: "message-id",
  correlationId: "correlation-id",
  traceparent: "traceparent",
  contentType: "content-type",
  idempotencyKey: "idempotency-key",
  messageName: "message-name",
};

/** Headers a dead-lettered record carries on top of its original ones. */
export const deadLetterHeaders = {
  reason: "dlq-reason",
  error: "dlq-error",
  topic: "dlq-original-topic",
  partition: "dlq-original-partition",
  offset: "dlq-original-offset",
  group: "dlq-consumer-group",
  attempts: "dlq-attempts",
  elapsedMs: "dlq-elapsed-ms",
  failedAt: "dlq-failed-at",
} as const;

export function newMessageId(): string {
  return randomUUID();
}

/** A fresh W3C `traceparent` (version 00, random trace and span ids, sampled). */
export function newTraceparent(): string {
  return formatTraceparent(childContext(undefined));
}

/** kafkajs headers as strings; a repeated header keeps its first value. */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** The same trace with a new span id: what a reply or a follow-up message carries. Fresh if `parent` is not W3C. */
export function childTraceparent(parent: string | undefined): string {
  return formatTraceparent(childContext(parseTraceparent(parent)));
}
