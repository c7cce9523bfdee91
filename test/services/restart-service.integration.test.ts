/**
 * A service killed with SIGKILL mid-flow (the order service in hybrid and async, billing in
 * async) and started again on the same SQLite store: every order finishes once. What carries it over the crash: the store (orders, outbox rows not
 * yet relayed, the inbox of handled message ids), Kafka redelivering what was not committed, and
 * the idempotency keys of the client's retries and of the order service's charge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderFlow } from "../../services/shared/config.js";
import type { HttpResult } from "../../tools/system/gateway-client.js";
import { eventually } from "../../tools/wait.js";
import {
  allPaid,
  notificationsFor,
  placedOrders,
  paymentsPerOrder,
  streamedStatuses,
  withoutDeliverySteps,
  withStore,
} from "../../tools/system/restart-checks.js";
import { serviceEnv, spawnService, type ServiceProcess } from "../../tools/system/service-process.js";
import { useOwnBroker } from "./support/system.js";
import { startTestSystem, type TestSystem } from "../../tools/system/system.js";
import { afterFaultMs, groupRecoveryMs } from "../../tools/system/timeouts.js";

const deposit = 100_000;
const price = 1_000;

const paidPath: Record<Exclude<OrderFlow, "sync">, string[]> = {
  hybrid: ["NEW", "PENDING_VALIDATION", "PAID"],
  async: ["PENDING_VALIDATION", "PAID"],
};

const own = useOwnBroker();

const crashes = [
  { flow: "hybrid", service: "order" },
  { flow: "async", service: "order" },
  { flow: "async", service: "payment" },
] as const;

describe.each(crashes)("ORDER_FLOW=$flow, $service service killed (SIGKILL) mid-flow", ({ flow, service }) => {
  let test: TestSystem;
  let child: ServiceProcess | undefined;

  beforeAll(async () => {
    test = await startTestSystem(own.broker, flow);
  }, 120_000);

  afterAll(async () => {
    await child?.stop();
    await test?.stop();
  }, 60_000);

  it("finishes every order exactly once after a restart on the same store", async () => {
    const { client, system } = test;
    const { username, token } = await client.newUser(`${flow}-${service}-crash`);
    expect((await client.deposit(token, deposit)).status).toBe(200);

    // The service as a process of its own, on the port its callers use.
    const port = system.services.get(service)!.ports.api!;
    await system.stopService(service);
    const env = serviceEnv(system, port);
    child = await spawnService(service, env);

    const keys = Array.from({ length: 6 }, (_, index) => `crash-order-${index}`);
    const placing = keys.map((key) => client.createOrder(token, price, key));
    if (flow === "hybrid") {
      // Hybrid answers at once: kill while the charges and status events are under way.
      const placed = await Promise.all(placing);
      expect(
        placed.map((answer) => answer.status),
        JSON.stringify(placed[0]?.body),
      ).toEqual(Array(keys.length).fill(201));
    } else {
      // Async answers with the outcome: kill once the order service has taken some of the requests (billing is at them then too).
      await eventually(
        async () => {
          const [row] = await withStore(system.config.dataDir, "order", (db) => db.query("SELECT COUNT(*) AS n FROM orders"));
          return Number(row?.n) >= 2 ? true : undefined;
        },
        afterFaultMs,
        "the order service to store some of the orders",
      );
    }
    await child.kill();
    const unfinished = await withStore(system.config.dataDir, "order", async (db) => ({
      orders: Number((await db.query("SELECT COUNT(*) AS n FROM orders WHERE status <> 'PAID'"))[0]?.n),
      outbox: Number((await db.query("SELECT COUNT(*) AS n FROM concord_outbox WHERE sent_at IS NULL"))[0]?.n),
    }));
    const killedAt = Date.now();
    if (flow === "hybrid" && service === "order")
      expect(unfinished.orders + unfinished.outbox, "work left when the process died").toBeGreaterThan(0);

    child = await spawnService(service, env);
    const restartMs = Date.now() - killedAt;
    // Ready means joined: the killed member's partitions come back after one session timeout, not kafkajs's 30 s.
    expect(restartMs).toBeLessThan(groupRecoveryMs);
    // A request the crash cut off (503/504) is sent again with its Idempotency-Key: the same order, or placed now.
    const answers: HttpResult[] = await Promise.all(placing);
    const orderIds = await placedOrders(client, token, price, keys, answers);
    expect(new Set(orderIds).size).toBe(keys.length);
    const recoveredMs = (await allPaid(client, token, orderIds)) - killedAt;

    expect((await client.request<{ balance: number }>("GET", "/account", { token })).body.balance).toBe(deposit - keys.length * price);
    const payments = await paymentsPerOrder(system.config.dataDir, username);
    expect([...payments.keys()].sort((a, b) => a - b)).toEqual([...orderIds].sort((a, b) => a - b));
    expect([...payments.values()].every((count) => count === 1)).toBe(true);
    const notified = await notificationsFor(system.config.dataDir, username, orderIds.length);
    expect(notified.sort()).toEqual(orderIds.map((orderId) => `order-${orderId}-PAID`).sort());
    for (const orderId of orderIds) {
      expect(withoutDeliverySteps(await streamedStatuses(client, token, orderId)), `order ${orderId}`).toEqual(paidPath[flow]);
    }
    console.log(
      `[restart-service] ${flow}, ${service} killed: order store had ${unfinished.orders} stored orders unpaid and ${unfinished.outbox} outbox rows pending; ` +
        `restarted in ${restartMs} ms; first answers ${answers.map((answer) => answer.status).join(",")}; all paid ${recoveredMs} ms after the kill`,
    );
  }, 240_000);
});
