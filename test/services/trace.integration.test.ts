/**
 * W3C trace context end to end, on real servers and a real broker: a `traceparent` sent on
 * POST /order follows the order through the gateway, the Connect calls (order, payment,
 * delivery) and every Kafka record the services produce about it — read back with kcat, a
 * client nobody here wrote. Each record carries the client's trace id with a span id of its own.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { kcatConsume, type KcatRecord } from "../support/kafka/kcat.js";
import type { OrderFlow } from "../../services/shared/config.js";
import { eventually } from "../../tools/wait.js";
import { useOwnBroker, useTestSystem } from "./support/system.js";

const own = useOwnBroker();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

function header(record: KcatRecord, name: string): string | undefined {
  return record.headers.find(([key]) => key === name)?.[1];
}

/** The records of `topic` whose key is the order id, once `ready` says they are all there. */
async function recordsOfOrder(topic: string, orderId: number, ready: (records: KcatRecord[]) => boolean): Promise<KcatRecord[]> {
  return eventually(
    async () => {
      const records = (await kcatConsume(own.broker.brokers, topic, { timeoutMs: 20_000 })).filter(
        (record) => record.key === String(orderId),
      );
      return ready(records) ? records : undefined;
    },
    30_000,
    `the records of order ${orderId} on ${topic}`,
  );
}

describe.each<OrderFlow>(["hybrid", "async", "sync"])("ORDER_FLOW=%s", (flow) => {
  const test = useTestSystem(own, flow);

  it("the client's traceparent reaches every record about the order, each with a new span id", async () => {
    const { client } = test;
    const { token } = await client.newUser(`trace-${flow}`);
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    const traceId = randomBytes(16).toString("hex");
    const clientSpan = randomBytes(8).toString("hex");
    const created = await client.request<{ orderId: number }>("POST", "/order", {
      token,
      body: { items: [{ productId: "book-1", quantity: 1, price: 1_200 }], currency: "EUR" },
      headers: { "Idempotency-Key": `trace-${flow}-1`, traceparent: `00-${traceId}-${clientSpan}-01` },
    });
    expect(created.status).toBe(201);
    const orderId = created.body.orderId;
    const streamed = await client.statusStream(token, orderId);
    expect(streamed.at(-1)?.data.status).toBe("DELIVERED");

    const changes = await recordsOfOrder("order.status.changed", orderId, (records) =>
      records.some((r) => r.payload?.includes('"DELIVERED"')),
    );
    const payments = flow === "sync" ? [] : await recordsOfOrder("billing.payments", orderId, (records) => records.length > 0);
    const updates =
      flow === "sync"
        ? []
        : await recordsOfOrder("orders.status", orderId, (records) => records.some((r) => r.payload?.includes('"DELIVERED"')));
    const all = [...changes, ...payments, ...updates];
    expect(changes.map((record) => (JSON.parse(record.payload!) as { status: string }).status)).toEqual(
      flow === "async"
        ? ["PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"]
        : ["NEW", "PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"],
    );

    const spans = all.map((record) => {
      const match = TRACEPARENT.exec(header(record, "traceparent") ?? "");
      expect(match, `${record.topic} ${record.payload}`).not.toBeNull();
      expect(match![1], `trace id on ${record.topic} ${record.payload}`).toBe(traceId);
      return match![2];
    });
    expect(spans).not.toContain(clientSpan);
    expect(new Set(spans).size).toBe(spans.length);
  }, 90_000);

  it("a request without traceparent starts a trace at the gateway that its records share", async () => {
    const { client } = test;
    const { token } = await client.newUser(`trace-new-${flow}`);
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    const created = await client.createOrder(token, 700);
    expect(created.status).toBe(201);
    const orderId = (created.body as { orderId: number }).orderId;
    await client.statusStream(token, orderId);
    const changes = await recordsOfOrder("order.status.changed", orderId, (records) =>
      records.some((r) => r.payload?.includes('"DELIVERED"')),
    );
    const traceIds = new Set(changes.map((record) => TRACEPARENT.exec(header(record, "traceparent") ?? "")?.[1]));
    expect(traceIds.size).toBe(1);
    expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);
  }, 90_000);
});
