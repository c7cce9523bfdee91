/**
 * Turns a record a consumer fetched into the typed message one of its handlers takes: picks the
 * handler by the `message-name` header (or the only handler of the topic), parses the JSON and
 * validates it against the contract. A record that fails here goes to the dead-letter topic.
 */
import type { KafkaMessage } from "kafkajs";
import { MessageValidationError, UndecodableMessageError } from "./errors.js";
import { headerNames, readHeaders } from "./headers.js";
import type { HandlerBinding, MessageHandler, MessageSpec, ReceivedMessage } from "./types.js";

/** Any handler binding, whatever its payload type (a binding of a narrower payload fits). */
export type AnyHandlerBinding = HandlerBinding<never>;

/** Binds a typed handler to its message; the payload type flows from the spec into the handler. */
export function bindHandler<Payload>(message: MessageSpec<Payload>, handle: MessageHandler<Payload>): HandlerBinding<Payload> {
  return { message, handle };
}

export type DecodeResult =
  | { readonly ok: true; readonly binding: AnyHandlerBinding; readonly message: ReceivedMessage<unknown> }
  | { readonly ok: false; readonly reason: "undecodable" | "invalid"; readonly error: Error; readonly messageId: string };

export interface RecordCoordinates {
  readonly topic: string;
  readonly partition: number;
}

/** The deadline and signal a decoded message carries (see ./handler-retry.ts). */
export interface MessageBudget {
  readonly deadline: number;
  readonly signal: AbortSignal;
}

export function decodeRecord(
  bindings: readonly AnyHandlerBinding[],
  { topic, partition }: RecordCoordinates,
  record: KafkaMessage,
  budget: MessageBudget,
): DecodeResult {
  const headers = readHeaders(record.headers);
  const messageId = headers[headerNames.messageId] ?? `${topic}/${partition}/${record.offset}`;
  const fail = (reason: "undecodable" | "invalid", error: Error): DecodeResult => ({ ok: false, reason, error, messageId });

  if (record.value === null) return fail("undecodable", new UndecodableMessageError("the record has no value"));
  let payload: unknown;
  try {
    payload = JSON.parse(record.value.toString("utf8"));
  } catch (error) {
    return fail("undecodable", new UndecodableMessageError(`the value is not JSON: ${(error as Error).message}`, { cause: error }));
  }

  const name = headers[headerNames.messageName];
  const named = bindings.find((binding) => binding.message.name === name);
  const candidates = named ? [named] : bindings;
  let firstFailure: MessageValidationError | undefined;
  for (const binding of candidates) {
    const result = binding.message.validate(payload);
    if (result.valid) {
      const message: ReceivedMessage<unknown> = {
        payload,
        key: record.key?.toString("utf8"),
        messageId,
        correlationId: headers[headerNames.correlationId],
        traceparent: headers[headerNames.traceparent],
        headers,
        topic,
        partition,
        offset: record.offset,
        attempt: 1,
        deadline: budget.deadline,
        get signal() {
          return budget.signal;
        },
      };
      return { ok: true, binding, message };
    }
    firstFailure ??= new MessageValidationError(binding.message.name, result.errors);
  }
  return fail("invalid", firstFailure ?? new UndecodableMessageError(`no handler for message ${name ?? "(unnamed)"} on ${topic}`));
}
