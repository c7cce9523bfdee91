/** encodeMessage: what a record carries before it reaches Kafka (no broker needed). */
import { describe, expect, it } from "vitest";
import { MessageValidationError } from "../../runtime/src/kafka/errors.js";
import { childTraceparent, newTraceparent } from "../../runtime/src/kafka/headers.js";
import { encodeMessage } from "../../runtime/src/kafka/record.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";

const spec = orderCreatedSpec(topicSpec("orders.created", 6));

describe("encodeMessage", () => {
  it("keys the record from the contract and fills in Concord's headers", () => {
    const record = encodeMessage(spec, orderCreated(42));
    expect(record.topic).toBe("orders.created");
    expect(record.key).toBe("42");
    expect(JSON.parse(record.value.toString())).toEqual(orderCreated(42));
    expect(Object.keys(record.headers).sort()).toEqual(["content-type", "message-id", "message-name", "traceparent"]);
    expect(record.headers["message-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.headers["traceparent"]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(record.headers).toMatchObject({ "content-type": "application/json", "message-name": "OrderCreated" });
  });

  it("keeps the ids and headers the caller gives", () => {
    const record = encodeMessage(spec, orderCreated(1), {
      messageId: "m-1",
      correlationId: "c-1",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      idempotencyKey: "k-1",
      headers: { "x-tenant": "acme" },
    });
    expect(record.headers).toEqual({
      "x-tenant": "acme",
      "message-id": "m-1",
      "correlation-id": "c-1",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "content-type": "application/json",
      "message-name": "OrderCreated",
      "idempotency-key": "k-1",
    });
  });

  it("refuses a payload that breaks the contract with a typed, non-retriable error naming the fields", () => {
    const error = (() => {
      try {
        encodeMessage(spec, { ...orderCreated(1), orderId: 0, extra: true } as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MessageValidationError);
    expect(error).toMatchObject({ code: "INVALID_MESSAGE", retriable: false, messageName: "OrderCreated" });
    expect((error as MessageValidationError).problems.join("\n")).toMatch(/\/orderId must be >= 1/);
    expect((error as MessageValidationError).problems.join("\n")).toMatch(/additional properties/);
  });
});

describe("trace context", () => {
  it("makes distinct fresh traceparents and keeps the trace id in a child", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newTraceparent()));
    expect(ids.size).toBe(1000);
    const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const child = childTraceparent(parent);
    expect(child).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(parent);
    expect(childTraceparent("garbage")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
