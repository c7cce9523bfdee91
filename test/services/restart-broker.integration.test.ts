/**
 * The Kafka broker restarts mid-flow (SIGTERM, then started again on the same port and data):
 * no accepted order is lost or charged twice. Hybrid keeps taking orders while the broker is
 * down (stored NEW, their events wait in the outbox); async cannot queue a request and answers
 * 503 problem+json, leaving no order behind. Afterwards every accepted order is PAID,
 * billed once, notified once, and its status stream shows each status once.
 */
import { describe, expect, it } from "vitest";
import { useOwnBroker, useTestSystem } from "./support/system.js";
import type { HttpResult } from "../../tools/system/gateway-client.js";
import { eventually } from "../../tools/wait.js";
import { afterFaultMs, groupRecoveryMs, unhealthyWithinMs } from "../../tools/system/timeouts.js";
import type { RunningSystem } from "../../services/system.js";
import {
  allPaid,
  notificationsFor,
  placedOrders,
  paymentsPerOrder,
  streamedStatuses,
  withoutDeliverySteps,
  withStore,
} from "../../tools/system/restart-checks.js";

const deposit = 100_000;
const price = 1_000;
const inFlight = 6;

const own = useOwnBroker();

/** Stops the broker (SIGTERM, waits for the JVM to exit); returns how long that took. */
async function stopBroker(): Promise<number> {
  const started = Date.now();
  await own.broker.stop();
  return Date.now() - started;
}

/** Starts it again on the same port and data dir and waits until it answers; returns how long that took. */
async function restartBroker(): Promise<number> {
  const started = Date.now();
  await own.broker.start();
  return Date.now() - started;
}

/** A service's `/healthz` answer (on its metrics port). */
async function healthOf(system: RunningSystem, name: string): Promise<{ status: number; body: unknown }> {
  const port = system.services.get(name)?.ports.metrics;
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: await response.json() };
}

function orderIdOf(result: HttpResult): number {
  return (result.body as { orderId: number }).orderId;
}

describe("ORDER_FLOW=hybrid, broker restarted mid-flow", () => {
  const test = useTestSystem(own, "hybrid");

  it("takes orders while the broker is down and pays every order exactly once after it is back", async () => {
    const { client, system } = test;
    const { username, token } = await client.newUser("hybrid-broker");
    expect((await client.deposit(token, deposit)).status).toBe(200);

    const before = await Promise.all(Array.from({ length: inFlight }, (_, index) => client.createOrder(token, price, `before-${index}`)));
    expect(before.map((result) => result.status)).toEqual(Array(inFlight).fill(201));
    const stopMs = await stopBroker();

    const during = await Promise.all([0, 1, 2].map((index) => client.createOrder(token, price, `during-${index}`)));
    expect(during.map((result) => result.status)).toEqual([201, 201, 201]);
    expect(during.map((result) => (result.body as { status: string }).status)).toEqual(["NEW", "NEW", "NEW"]);
    const waiting = await withStore(system.config.dataDir, "order", (db) =>
      db.query("SELECT COUNT(*) AS n FROM concord_outbox WHERE sent_at IS NULL"),
    );
    expect(Number(waiting[0]?.n)).toBeGreaterThan(0);
    // No group can consume without its coordinator: /healthz says so within a session timeout.
    const unhealthy = await eventually(
      async () => ((await healthOf(system, "notification")).status === 503 ? true : undefined),
      unhealthyWithinMs,
      "notification /healthz 503",
    );
    expect(unhealthy).toBe(true);

    const restartMs = await restartBroker();
    const back = Date.now();
    const orderIds = [...before, ...during].map(orderIdOf);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    const recoveredMs = (await allPaid(client, token, orderIds)) - back;
    for (const name of system.services.keys()) {
      await eventually(
        async () => ((await healthOf(system, name)).status === 200 ? true : undefined),
        groupRecoveryMs,
        `${name} /healthz 200`,
      );
    }

    const account = await client.request<{ balance: number }>("GET", "/account", { token });
    expect(account.body.balance).toBe(deposit - orderIds.length * price);
    const payments = await paymentsPerOrder(system.config.dataDir, username);
    expect([...payments.keys()].sort((a, b) => a - b)).toEqual([...orderIds].sort((a, b) => a - b));
    expect([...payments.values()].every((count) => count === 1)).toBe(true);
    const notified = await notificationsFor(system.config.dataDir, username, orderIds.length);
    expect(notified.sort()).toEqual(orderIds.map((orderId) => `order-${orderId}-PAID`).sort());
    for (const orderId of orderIds) {
      expect(withoutDeliverySteps(await streamedStatuses(client, token, orderId)), `order ${orderId}`).toEqual([
        "NEW",
        "PENDING_VALIDATION",
        "PAID",
      ]);
    }
    console.log(
      `[restart-broker] hybrid: stop ${stopMs} ms, restart ${restartMs} ms, all ${orderIds.length} orders paid ${recoveredMs} ms after the broker was back`,
    );
  }, 240_000);
});

describe("ORDER_FLOW=async, broker restarted mid-flow", () => {
  const test = useTestSystem(own, "async");

  it("answers 503 while the broker is down (no order left behind) and pays every accepted order exactly once", async () => {
    const { client, system } = test;
    const { username, token } = await client.newUser("async-broker");
    expect((await client.deposit(token, deposit)).status).toBe(200);

    const keys = Array.from({ length: inFlight }, (_, index) => `before-${index}`);
    const placing = keys.map((key) => client.createOrder(token, price, key));
    // Stop while those are on their way (the async flow answers only with the outcome): once the
    // order service has taken the first of them.
    await eventually(
      async () => {
        const [row] = await withStore(system.config.dataDir, "order", (db) =>
          db.query("SELECT COUNT(*) AS n FROM orders WHERE username = ?", [username]),
        );
        return Number(row?.n) >= 1 ? true : undefined;
      },
      afterFaultMs,
      "the order service to take the first order",
    );
    const stopMs = await stopBroker();

    const refusedAt = Date.now();
    const refused = await client.createOrder(token, price, "during-0");
    const refusedMs = Date.now() - refusedAt;
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    console.log(
      `[restart-broker] async: broker stopped in ${stopMs} ms; POST /order while it is down → ${refused.status} after ${refusedMs} ms`,
    );

    const restartMs = await restartBroker();
    const back = Date.now();
    const answers = await Promise.all(placing);
    const orderIds = await placedOrders(client, token, price, keys, answers);
    expect(new Set(orderIds).size).toBe(inFlight);
    const recoveredMs = (await allPaid(client, token, orderIds)) - back;

    const leftBehind = await withStore(system.config.dataDir, "order", (db) =>
      db.query("SELECT order_id FROM orders WHERE username = ? AND idempotency_key = ?", [username, "during-0"]),
    );
    // The refused request left nothing behind, once everything queued before it has been handled.
    expect(leftBehind).toEqual([]);
    expect((await client.request<{ balance: number }>("GET", "/account", { token })).body.balance).toBe(deposit - orderIds.length * price);
    const payments = await paymentsPerOrder(system.config.dataDir, username);
    expect([...payments.keys()].sort((a, b) => a - b)).toEqual([...orderIds].sort((a, b) => a - b));
    expect([...payments.values()].every((count) => count === 1)).toBe(true);
    const notified = await notificationsFor(system.config.dataDir, username, orderIds.length);
    expect(notified.sort()).toEqual(orderIds.map((orderId) => `order-${orderId}-PAID`).sort());
    for (const orderId of orderIds) {
      expect(withoutDeliverySteps(await streamedStatuses(client, token, orderId)), `order ${orderId}`).toEqual([
        "PENDING_VALIDATION",
        "PAID",
      ]);
    }
    const outcomes = answers.map((answer) => answer.status).join(",");
    console.log(
      `[restart-broker] async: restart ${restartMs} ms, first answers ${outcomes}, all paid ${recoveredMs} ms after the broker was back`,
    );
  }, 240_000);
});
