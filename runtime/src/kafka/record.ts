/**
 * Turns a typed message into the record that goes on the wire: validated against its contract,
 * keyed from the contract's key, with Concord's headers filled in. The producer and the outbox
 * both build records here, so a message published later by the relay is the same message.
 */
import { MessageValidationError } from "./errors.js";
import { headerNames, newMessageId, newTraceparent } from "./headers.js";
import type { MessageSpec, SendMetadata } from "./types.js";

/** A record ready for Kafka: JSON value and string headers. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | undefined;
  /** JSON text; a dead-lettered record keeps its original bytes. */
  readonly value: string | Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Validates `payload` (throws MessageValidationError) and builds its record. */
export function encodeMessage<Payload>(spec: MessageSpec<Payload>, payload: Payload, metadata: SendMetadata = {}): OutgoingRecord {
  const result = spec.validate(payload);
  if (!result.valid) throw new MessageValidationError(spec.name, result.errors);
  const headers: Record<string, string> = { ...metadata.headers };
  headers[headerNames.messageId] = metadata.messageId ?? newMessageId();
  if (metadata.correlationId !== undefined) headers[headerNames.correlationId] = metadata.correlationId;
  headers[headerNames.traceparent] = metadata.traceparent ?? newTraceparent();
  headers[headerNames.contentType] = spec.contentType;
  headers[headerNames.messageName] = spec.name;
  if (metadata.idempotencyKey !== undefined) headers[headerNames.idempotencyKey] = metadata.idempotencyKey;
  return { topic: spec.topic.name, key: spec.key(payload), value: JSON.stringify(payload), headers };
}

/** The message id an encoded record carries. */
export function messageIdOf(record: OutgoingRecord): string {
  return record.headers[headerNames.messageId]!;
}
