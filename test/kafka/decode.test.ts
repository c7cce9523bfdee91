/** decodeRecord: routing a fetched record to its handler, or to the dead-letter path (no broker needed). */
import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { bindHandler } from "../../runtime/src/kafka/consumer.js";
import { deadLetterRecord } from "../../runtime/src/kafka/dead-letter.js";
import { decodeRecord } from "../../runtime/src/kafka/decode.js";
import { encodeMessage } from "../../runtime/src/kafka/record.js";
import { messageSpec, orderCreated, orderCreatedSpec, topicSpec, type OrderCreated } from "../../tools/kafka/specs.js";

const topic = topicSpec("orders.shared");
const created = orderCreatedSpec(topic);
const changed = messageSpec<{ orderId: number }>("OrderStatusChanged", topic, (payload) => String(payload.orderId));
const handlers = [bindHandler(created, async () => {}), bindHandler(changed, async () => {})];
const where = { topic: topic.name, partition: 2 };
const budget = { deadline: 1_000, signal: new AbortController().signal };

function fetched(value: string | null, headers: Record<string, string> = {}, key = "42"): KafkaMessage {
  return {
    key: Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    offset: "17",
    timestamp: "0",
    attributes: 0,
  };
}

describe("decodeRecord", () => {
  it("routes by the message-name header and hands over a typed message", () => {
    const record = encodeMessage(created, orderCreated(42), { messageId: "m-42", correlationId: "c-42" });
    const decoded = decodeRecord(handlers, where, fetched(String(record.value), record.headers), budget);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.binding).toBe(handlers[0]);
    expect(decoded.message).toMatchObject({
      payload: orderCreated(42) satisfies OrderCreated,
      key: "42",
      messageId: "m-42",
      correlationId: "c-42",
      topic: "orders.shared",
      partition: 2,
      offset: "17",
      attempt: 1,
      deadline: 1_000,
    });
  });

  it("without a name, picks the first handler whose schema accepts the payload", () => {
    const payload = { orderId: 42, username: "u", status: "PAID", occurredAt: 1 };
    const decoded = decodeRecord(handlers, where, fetched(JSON.stringify(payload)), budget);
    expect(decoded.ok && decoded.binding).toBe(handlers[1]);
  });

  it("sends non-JSON and contract-breaking records to the dead-letter path with the reason", () => {
    const notJson = decodeRecord(handlers, where, fetched("{oops", { "message-id": "x" }), budget);
    expect(notJson).toMatchObject({ ok: false, reason: "undecodable", messageId: "x" });
    const empty = decodeRecord(handlers, where, fetched(null), budget);
    expect(empty).toMatchObject({ ok: false, reason: "undecodable", messageId: "orders.shared/2/17" });
    const invalid = decodeRecord(handlers, where, fetched(JSON.stringify({ orderId: -1 }), { "message-name": "OrderCreated" }), budget);
    expect(invalid).toMatchObject({ ok: false, reason: "invalid" });
    expect(!invalid.ok && invalid.error.message).toMatch(/^OrderCreated does not match its contract/);
  });

  it("builds the dead-letter record with the original bytes and coordinates", () => {
    const original = fetched("{oops", { "message-id": "x", traceparent: "t" });
    const dead = deadLetterRecord(original, {
      ...where,
      groupId: "billing",
      reason: "undecodable",
      error: new Error("bad\nbytes"),
      attempts: 0,
      elapsedMs: 0,
    });
    expect(dead.topic).toBe("orders.shared.dlq");
    expect(dead.key).toBe("42");
    expect(dead.value.toString()).toBe("{oops");
    expect(dead.headers).toMatchObject({
      "message-id": "x",
      traceparent: "t",
      "dlq-reason": "undecodable",
      "dlq-error": "Error: bad bytes",
      "dlq-original-topic": "orders.shared",
      "dlq-original-partition": "2",
      "dlq-original-offset": "17",
      "dlq-attempts": "0",
      "dlq-consumer-group": "billing",
      "dlq-elapsed-ms": "0",
    });
  });
});
