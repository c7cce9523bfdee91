/**
 * The record headers Concord writes and reads: names, W3C trace context, and conversion from
 * the shapes kafkajs uses (Buffer | string | array) to plain strings.
 */
import { randomFillSync, randomUUID } from "node:crypto";
import type { IHeaders } from "kafkajs";
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
  attempts: "dlq-attempts",
  failedAt: "dlq-failed-at",
} as const;

export function newMessageId(): string {
  return randomUUID();
}

/** A fresh W3C `traceparent` (version 00, random trace and span ids, sampled). */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

// One randomFillSync per 256 ids instead of a randomBytes call per id (which dominated a send).
const entropy = Buffer.alloc(24 * 256);
let entropyUsed = entropy.length;

function randomHex(bytes: number): string {
  if (entropyUsed + bytes > entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  const hex = entropy.toString("hex", entropyUsed, entropyUsed + bytes);
  entropyUsed += bytes;
  return hex;
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
  const match = parent === undefined ? null : /^([0-9a-f]{2})-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(parent);
  if (!match) return newTraceparent();
  return `${match[1]}-${match[2]}-${randomHex(8)}-${match[3]}`;
}
