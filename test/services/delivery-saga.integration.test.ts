/**
 * The saga's delivery step on the whole system (real broker, real servers): a paid order is
 * shipped and delivered even when the delivery service is down at payment time, or the order
 * service stops while the order is on its way — and the status stream shows every status once,
 * in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KafkaBroker } from "../../tools/kafka/broker.js";
import { eventually } from "../../tools/wait.js";
import { startTestBroker, startTestSystem, type TestSystem } from "../../tools/system/system.js";

let broker: KafkaBroker;
let test: TestSystem;
const everyStatus = ["NEW", "PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"];

beforeAll(async () => {
  broker = await startTestBroker();
  // Slow courier: time to stop a service while an order is on its way.
  test = await startTestSystem(broker, "hybrid", { deliveryStepMs: 1_500 });
}, 240_000);

afterAll(async () => {
  await test?.stop();
  await broker?.destroy();
}, 60_000);

async function statusOf(token: string, orderId: number): Promise<string> {
  return (await test.client.request<{ status: string }>("GET", `/order/${orderId}`, { token })).body.status;
}

async function paidOrder(prefix: string): Promise<{ token: string; orderId: number }> {
  const { token } = await test.client.newUser(prefix);
  expect((await test.client.deposit(token, 10_000)).status).toBe(200);
  const created = await test.client.createOrder(token, 1_000);
  expect(created.status).toBe(201);
  return { token, orderId: (created.body as { orderId: number }).orderId };
}

describe("delivery in the order saga", () => {
  it("waits PAID while the delivery service is down, then ships and delivers once it is back", async () => {
    await test.system.stopService("delivery");
    const { token, orderId } = await paidOrder("delivery-down");
    await eventually(async () => ((await statusOf(token, orderId)) === "PAID" ? true : undefined), 30_000, "PAID");
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the follower tries and fails meanwhile
    expect(await statusOf(token, orderId)).toBe("PAID");
    await test.system.startService("delivery");
    const events = await test.client.statusStream(token, orderId, 60_000);
    expect(events.map((event) => event.data.status)).toEqual(everyStatus);
  }, 120_000);

  it("resumes following a shipment after the order service restarts", async () => {
    const { token, orderId } = await paidOrder("order-restart");
    await eventually(async () => ((await statusOf(token, orderId)) === "SHIPPED" ? true : undefined), 30_000, "SHIPPED");
    await test.system.stopService("order");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await test.system.startService("order");
    const events = await test.client.statusStream(token, orderId, 60_000);
    expect(events.map((event) => event.data.status)).toEqual(everyStatus);
    expect(await statusOf(token, orderId)).toBe("DELIVERED");
  }, 120_000);
});
