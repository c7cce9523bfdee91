/**
 * The seam between the AsyncAPI emitter (generator/asyncapi) and the Kafka runtime
 * (runtime/src/kafka): generated code describes topics and messages with these shapes and hands
 * them to the runtime's producer, consumer loop, provisioning and request/reply.
 */

/** Result of an ahead-of-time compiled (ajv standalone) validator. */
export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

/** One topic as the contract's channel and Kafka bindings describe it. */
export interface TopicSpec {
  /** The channel address, e.g. `orders.created`. */
  readonly name: string;
  readonly partitions: number;
  /** Asked for; the runtime caps it to the cluster size. */
  readonly replicas: number;
  readonly cleanupPolicy?: "delete" | "compact" | "compact,delete";
  readonly retentionMs?: number;
  /**
   * A channel address with parameters (`lights.{streetlightId}.measured`) names a topic per value:
   * `name` is then the template, and `topicFor(topic, values)` the topic to send to or read from.
   */
  readonly parameters?: Readonly<Record<string, TopicParameter>>;
}

/** What a channel parameter's value may be: one of `enum`, or a match of `pattern` (a topic's characters in any case). */
export interface TopicParameter {
  readonly enum?: readonly string[];
  readonly pattern?: string;
}

/** Names of the headers Concord writes on every record (values are strings). */
export interface HeaderNames {
  readonly messageId: "message-id";
  readonly correlationId: "correlation-id";
  readonly traceparent: "traceparent";
  readonly contentType: "content-type";
  readonly idempotencyKey: "idempotency-key";
  readonly messageName: "message-name";
}

/** One message of a channel: its payload type, validator and how its record key is derived. */
export interface MessageSpec<Payload> {
  /** The message name from the contract, e.g. `OrderCreated`; sent in the `message-name` header. */
  readonly name: string;
  readonly topic: TopicSpec;
  readonly contentType: string;
  readonly validate: (value: unknown) => ValidationResult;
  /**
   * The record key from the contract's key schema (e.g. `String(payload.orderId)`), or undefined
   * when the contract has none. A method, so the spec of one message is also a spec of a union
   * that contains it (a reply of several messages lists each).
   */
  key(payload: Payload): string | undefined;
}

/** Per-send metadata; message id, content type and a fresh traceparent are filled in when absent. */
export interface SendMetadata {
  messageId?: string;
  correlationId?: string;
  traceparent?: string;
  idempotencyKey?: string;
  /** Extra contract-declared headers. */
  headers?: Record<string, string>;
}

/** What a handler receives besides the payload. */
export interface ReceivedMessage<Payload> {
  readonly payload: Payload;
  readonly key: string | undefined;
  readonly messageId: string;
  readonly correlationId: string | undefined;
  readonly traceparent: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1 on first delivery to this process, then 2, 3… on in-process retries. */
  readonly attempt: number;
  /** When the record's handler budget runs out (epoch ms): no attempt starts after it. */
  readonly deadline: number;
  /**
   * Aborts when the budget runs out, the consumer stops, or a rebalance takes the partition away:
   * pass it to the handler's waits (requests, sleeps) so an attempt ends with its budget.
   */
  readonly signal: AbortSignal;
}

export type MessageHandler<Payload> = (message: ReceivedMessage<Payload>) => Promise<void>;

/** A typed handler bound to the message spec it consumes (one per `receive` operation). */
export interface HandlerBinding<Payload = unknown> {
  readonly message: MessageSpec<Payload>;
  readonly handle: MessageHandler<Payload>;
}

/**
 * Remembers handled message ids so a redelivered message is skipped. `claim` returns false when
 * the id was already completed; `complete` is called after the handler succeeds.
 */
export interface DedupStore {
  seen(messageId: string): Promise<boolean>;
  remember(messageId: string): Promise<void>;
}
