/**
 * The order flow end to end in each architecture of the seeds, on real servers (127.0.0.1) and a
 * real Kafka broker: register, fund, order → PAID → SHIPPED → DELIVERED with exactly one notification; above the
 * balance → INSUFFICIENT_FUNDS; the status stream shows every status in order; GET /notifications
 * pages through the caller's notifications; out-of-range values get 400; the same
 * Idempotency-Key twice → one order, one charge.
 */
import { describe, expect, it } from "vitest";
import { sentTo } from "../../services/notification/store.js";
import { openSqlite } from "../../services/shared/storage/sqlite.js";
import type { OrderFlow } from "../../services/shared/config.js";
import { eventually } from "../../tools/wait.js";
import type { HttpResult } from "../../tools/system/gateway-client.js";
import { useOwnBroker, useTestSystem } from "./support/system.js";
import { join } from "node:path";

type Problem = { status: number; detail?: string; errors?: Array<Record<string, string>> };

const own = useOwnBroker();

/** Statuses each flow walks through to PAID, then the delivery steps. */
const paidPath: Record<OrderFlow, string[]> = {
  hybrid: ["NEW", "PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"],
  sync: ["NEW", "PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"],
  async: ["PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"],
};

describe.each<OrderFlow>(["hybrid", "async", "sync"])("ORDER_FLOW=%s", (flow) => {
  const test = useTestSystem(own, flow);

  async function notificationsOf(username: string) {
    const db = openSqlite(join(test.system.config.dataDir, "notification.sqlite"));
    try {
      return await sentTo(db, username);
    } finally {
      await db.close();
    }
  }

  async function finalStatus(token: string, orderId: number): Promise<string> {
    return eventually(
      async () => {
        const order = await test.client.request<{ status: string }>("GET", `/order/${orderId}`, { token });
        return ["DELIVERED", "INSUFFICIENT_FUNDS", "CANCELLED"].includes(order.body.status) ? order.body.status : undefined;
      },
      30_000,
      `order ${orderId} to settle`,
    );
  }

  it("register, fund, order → PAID → SHIPPED → DELIVERED, every status on the stream in order, exactly one notification", async () => {
    const { client } = test;
    const { username, token } = await client.newUser(flow);
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    const created = await client.createOrder(token, 2_500);
    expect(created.status).toBe(201);
    const order = created.body as { orderId: number; status: string; amount: number };
    expect(order.amount).toBe(2_500);
    expect(created.headers.get("location")).toBe(`/api/v1/order/${order.orderId}`);
    if (flow !== "hybrid") expect(order.status).toBe("PAID"); // sync and async answer with the outcome

    const events = await client.statusStream(token, order.orderId);
    expect(events.map((event) => event.data.status)).toEqual(paidPath[flow]);
    expect(events.map((event) => Number(event.id))).toEqual([...events.map((event) => Number(event.id))].sort((a, b) => a - b));
    expect(await finalStatus(token, order.orderId)).toBe("DELIVERED");

    const account = await client.request<{ balance: number }>("GET", "/account", { token });
    expect(account.body.balance).toBe(7_500);
    const sent = await eventually(
      async () => {
        const list = await notificationsOf(username);
        return list.length > 0 ? list : undefined;
      },
      30_000,
      "the notification",
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for a duplicate to show up
    expect(await notificationsOf(username)).toHaveLength(1);
    expect(sent[0]!.subject).toContain(String(order.orderId));
  }, 90_000);

  it("an order above the balance ends INSUFFICIENT_FUNDS and charges nothing", async () => {
    const { client } = test;
    const { username, token } = await client.newUser(flow);
    expect((await client.deposit(token, 1_000)).status).toBe(200);
    const created = await client.createOrder(token, 5_000);
    expect(created.status).toBe(201);
    const orderId = (created.body as { orderId: number }).orderId;
    expect(await finalStatus(token, orderId)).toBe("INSUFFICIENT_FUNDS");
    const events = await client.statusStream(token, orderId);
    expect(events.at(-1)?.data.status).toBe("INSUFFICIENT_FUNDS");
    expect((await client.request<{ balance: number }>("GET", "/account", { token })).body.balance).toBe(1_000);
    expect(await notificationsOf(username)).toHaveLength(0);
  }, 90_000);

  it("an order id, quantity or amount out of its proto type's range, or text with U+0000, gets 400 problem+json naming the field; a deposit past the balance limit 409", async () => {
    const { client } = test;
    const { token } = await client.newUser(flow);
    const expectViolation = (answer: HttpResult<Problem>, violation: Record<string, string>) => {
      expect(answer.status).toBe(400);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining(violation)]));
    };
    expectViolation(await client.request<Problem>("GET", "/order/9223372036854775808", { token }), {
      in: "path",
      name: "orderId",
      keyword: "maximum",
    });
    expectViolation(await client.request<Problem>("GET", "/order/0/status-stream", { token }), {
      in: "path",
      name: "orderId",
      keyword: "minimum",
    });
    const tooMany = { items: [{ productId: "book-1", quantity: 10_317_024_112_044, price: 100 }], currency: "EUR" };
    expectViolation(
      await client.request<Problem>("POST", "/order", { token, body: tooMany, headers: { "Idempotency-Key": "too-many-0001" } }),
      {
        in: "body",
        pointer: "/items/0/quantity",
        keyword: "maximum",
      },
    );
    const deposit = { amount: 2 ** 63, currency: "EUR" };
    expectViolation(
      await client.request<Problem>("POST", "/account/deposit", { token, body: deposit, headers: { "Idempotency-Key": "too-much-0001" } }),
      {
        in: "body",
        pointer: "/amount",
        keyword: "maximum",
      },
    );
    expectViolation(
      await client.request<Problem>("POST", "/order", {
        token,
        body: { ...tooMany, items: [{ productId: "book-1", quantity: 1, price: 1 }], currency: "USD" },
        headers: { "Idempotency-Key": "dollars-0001" },
      }),
      {
        in: "body",
        pointer: "/currency",
        keyword: "enum",
      },
    );
    // U+0000 would be lost in storage, so the contract refuses it in free text.
    const report = { targetType: "AD", targetId: "ad-1", reason: "\u0000spam" };
    expectViolation(await client.request<Problem>("POST", "/reports", { token, body: report }), {
      in: "body",
      pointer: "/reason",
      keyword: "pattern",
    });
    // In range, but past what an account may hold: a documented 409, not a 5xx.
    expect((await client.deposit(token, Number.MAX_SAFE_INTEGER)).status).toBe(200);
    const over = await client.deposit(token, 1);
    expect(over.status).toBe(409);
    expect(over.headers.get("content-type")).toBe("application/problem+json");
  }, 30_000);

  it("GET /notifications lists the caller's notifications newest first, a page at a time, by channel", async () => {
    const { client } = test;
    const { username, token } = await client.newUser(flow);
    const other = await client.newUser(flow);
    expect((await client.deposit(token, 10_000)).status).toBe(200);
    const orderIds: number[] = [];
    for (let n = 0; n < 3; n++) {
      const created = await client.createOrder(token, 1_000);
      expect(created.status).toBe(201);
      orderIds.push((created.body as { orderId: number }).orderId);
      // One at a time, so the notifications' send times follow the orders.
      await eventually(async () => ((await notificationsOf(username)).length > n ? true : undefined), 30_000, `notification ${n + 1}`);
    }
    type Page = {
      items: Array<{ notificationId: string; type: string; subject: string; content: string; sentAt: number }>;
      nextCursor?: string;
    };
    const list = (query: string, as = token) => client.request<Page>("GET", `/notifications${query}`, { token: as });

    const all = await list("");
    expect(all.status).toBe(200);
    expect(all.body.items.map((item) => item.subject)).toEqual([...orderIds].reverse().map((id) => expect.stringContaining(String(id))));
    expect(all.body.items.every((item) => item.type === "EMAIL" && item.content.length > 0)).toBe(true);
    expect(all.body.nextCursor).toBeUndefined();

    const first = await list("?limit=2");
    expect(first.body.items.map((item) => item.notificationId)).toEqual(all.body.items.slice(0, 2).map((item) => item.notificationId));
    expect(first.body.nextCursor).toMatch(/^[0-9]+\./);
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item) => item.notificationId)).toEqual([all.body.items[2]!.notificationId]);
    expect(second.body.nextCursor).toBeUndefined();

    expect((await list("?type=EMAIL")).body.items).toHaveLength(3);
    expect((await list("?type=SMS")).body).toEqual({ items: [] });
    // Whose notifications comes from the token alone.
    expect((await list("", other.token)).body).toEqual({ items: [] });
    const bad = await list("?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [expect.objectContaining({ in: "query", name: "cursor", keyword: "pattern" })] });
  }, 90_000);

  it("the same Idempotency-Key twice makes one order and one charge", async () => {
    const { client } = test;
    const { token } = await client.newUser(flow);
    expect((await client.deposit(token, 10_000, "deposit-key-1")).status).toBe(200);
    expect((await client.deposit(token, 10_000, "deposit-key-1")).status).toBe(200);
    const first = await client.createOrder(token, 3_000, "order-key-0001");
    const second = await client.createOrder(token, 3_000, "order-key-0001");
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const orderId = (first.body as { orderId: number }).orderId;
    expect((second.body as { orderId: number }).orderId).toBe(orderId);
    expect(await finalStatus(token, orderId)).toBe("DELIVERED");
    // one deposit of 10 000 counted once, one charge of 3 000
    const balance = await eventually(
      async () => {
        const account = await client.request<{ balance: number }>("GET", "/account", { token });
        return account.body.balance === 7_000 ? account.body.balance : undefined;
      },
      10_000,
      "the balance after one charge",
    );
    expect(balance).toBe(7_000);
  }, 90_000);
});
