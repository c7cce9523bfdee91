/**
 * `npx tsx bench/soak.ts [--runs K] [--scenarios a,b,…] [--orders N]`: runs each fault scenario
 * K times (default 10) against the reference system on this machine (loopback only, a broker of
 * its own per scenario) and prints, per scenario: orders accepted, lost (accepted, never final),
 * charged twice, notifications missing and duplicated, and recovery time p50/max — from the moment
 * the fault is over (broker answering again) or, for a kill, from the kill, until every accepted
 * order is final. Bounded: K ≤ 30, N ≤ 20, and every wait ends (a run gives up after 120 s).
 *
 * Scenarios: broker-hybrid, broker-async (the broker stopped with SIGTERM mid-flow and started
 * again), kill-order (hybrid), kill-payment (async), kill-notification (hybrid): the service runs
 * as its own process, is SIGKILLed mid-flow and started again on the same store.
 */
import { eventually } from "../tools/wait.js";
import type { OrderFlow } from "../services/shared/config.js";
import { paymentsPerOrder, placedOrders, withStore } from "../tools/system/restart-checks.js";
import { serviceEnv, spawnService, type ServiceProcess } from "../tools/system/service-process.js";
import { startTestBroker, startTestSystem, type TestSystem } from "../tools/system/system.js";
import { sentTo } from "../services/notification/store.js";
import { duplicateWindowMs } from "../tools/system/timeouts.js";
import type { HttpResult } from "../tools/system/gateway-client.js";
import type { KafkaBroker } from "../tools/kafka/broker.js";

interface Scenario {
  readonly name: string;
  readonly flow: Exclude<OrderFlow, "sync">;
  readonly fault: { kind: "broker" } | { kind: "kill"; service: "order" | "payment" | "notification" };
}

const scenarios: readonly Scenario[] = [
  { name: "broker-hybrid", flow: "hybrid", fault: { kind: "broker" } },
  { name: "broker-async", flow: "async", fault: { kind: "broker" } },
  { name: "kill-order", flow: "hybrid", fault: { kind: "kill", service: "order" } },
  { name: "kill-payment", flow: "async", fault: { kind: "kill", service: "payment" } },
  { name: "kill-notification", flow: "hybrid", fault: { kind: "kill", service: "notification" } },
];

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const runs = Math.max(1, Math.min(30, Number(option("runs") ?? 10)));
const ordersPerRun = Math.max(1, Math.min(20, Number(option("orders") ?? 6)));
const chosen = (option("scenarios") ?? scenarios.map((s) => s.name).join(",")).split(",");
const runLimitMs = 120_000;
const price = 1_000;
const finalStatuses = new Set(["PAID", "SHIPPED", "DELIVERED", "INSUFFICIENT_FUNDS", "CANCELLED"]);

interface RunResult {
  accepted: number;
  lost: number;
  doubleCharged: number;
  missingNotifications: number;
  duplicateNotifications: number;
  recoveryMs: number;
  note?: string;
}

async function statusOf(test: TestSystem, token: string, orderId: number): Promise<string | undefined> {
  const order = await test.client.request<{ status: string }>("GET", `/order/${orderId}`, { token }).catch(() => undefined);
  return order?.body?.status;
}

interface KilledService {
  process?: ServiceProcess;
  port?: number;
}

async function oneRun(scenario: Scenario, test: TestSystem, broker: KafkaBroker, child: KilledService, run: number): Promise<RunResult> {
  const until = Date.now() + runLimitMs;
  const { client, system } = test;
  const { username, token } = await client.newUser(`soak-${scenario.name}-${run}`);
  const deposited = await client.deposit(token, 1_000_000);
  if (deposited.status !== 200) throw new Error(`deposit: ${deposited.status}`);
  const firstOrderStored = () =>
    eventually(
      async () => {
        const [row] = await withStore(system.config.dataDir, "order", (db) =>
          db.query("SELECT COUNT(*) AS n FROM orders WHERE username = ?", [username]),
        );
        return Number(row?.n) > 0 ? true : undefined;
      },
      30_000,
      "the first order to be stored",
    );
  const keys = Array.from({ length: ordersPerRun }, (_, index) => `soak-${run}-${index}`);
  // A request the fault cut off answers nothing: it counts as cut off, and is asked for again with its key.
  const place = (key: string) =>
    client.createOrder(token, price, key).catch((): HttpResult => ({ status: 0, body: undefined, headers: new Headers() }));
  const placing = keys.map(place);
  let faultOverAt: number;
  if (scenario.fault.kind === "broker") {
    // Stop while the orders are under way: once the order service has taken the first of them.
    await firstOrderStored();
    await broker.stop();
    // Orders placed while the broker is away: hybrid takes them, async refuses them (503, nothing left behind).
    const during = await Promise.all([0, 1].map((index) => place(`soak-${run}-during-${index}`)));
    for (const [index, answer] of during.entries()) {
      if (answer.status === 201) {
        keys.push(`soak-${run}-during-${index}`);
        placing.push(Promise.resolve(answer));
      }
    }
    await broker.start();
    faultOverAt = Date.now();
  } else {
    if (scenario.flow === "hybrid") await Promise.all(placing);
    else await firstOrderStored();
    await child.process!.kill();
    faultOverAt = Date.now();
    child.process = await spawnService(scenario.fault.service, serviceEnv(system, child.port!));
  }

  const answers = await Promise.all(placing);
  const orderIds = await placedOrders(client, token, price, keys, answers, Math.max(1_000, until - Date.now()));
  const pending = new Set(orderIds);
  let recoveredAt = Date.now();
  while (pending.size > 0 && Date.now() < until) {
    for (const orderId of [...pending]) if (finalStatuses.has((await statusOf(test, token, orderId)) ?? "")) pending.delete(orderId);
    recoveredAt = Date.now();
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const paid: number[] = [];
  for (const orderId of orderIds)
    if (!pending.has(orderId) && (await statusOf(test, token, orderId)) !== "INSUFFICIENT_FUNDS") paid.push(orderId);

  const payments = await paymentsPerOrder(system.config.dataDir, username);
  const notificationsOf = async () =>
    (await withStore(system.config.dataDir, "notification", (db) => sentTo(db, username))).map((sent) => sent.notificationId);
  await eventually(
    async () => ((await notificationsOf()).length >= paid.length ? true : undefined),
    Math.max(1_000, until - Date.now()),
    "notifications",
  ).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, duplicateWindowMs)); // a late duplicate would show
  const notified = await notificationsOf();
  const expected = new Set(paid.map((orderId) => `order-${orderId}-PAID`));
  const counts = new Map<string, number>();
  for (const id of notified) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    accepted: orderIds.length,
    lost: pending.size,
    doubleCharged: [...payments.values()].filter((count) => count > 1).length,
    missingNotifications: [...expected].filter((id) => !counts.has(id)).length,
    duplicateNotifications: [...counts.values()].filter((count) => count > 1).length,
    recoveryMs: recoveredAt - faultOverAt,
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function soak(scenario: Scenario): Promise<RunResult[]> {
  const broker = await startTestBroker();
  const test = await startTestSystem(broker, scenario.flow);
  const child: KilledService = {};
  const results: RunResult[] = [];
  try {
    if (scenario.fault.kind === "kill") {
      const { service } = scenario.fault;
      child.port = test.system.services.get(service)!.ports.api!;
      await test.system.stopService(service);
      child.process = await spawnService(service, serviceEnv(test.system, child.port));
    }
    for (let run = 1; run <= runs; run++) {
      const result = await oneRun(scenario, test, broker, child, run).catch((error: unknown) => ({
        accepted: 0,
        lost: 0,
        doubleCharged: 0,
        missingNotifications: 0,
        duplicateNotifications: 0,
        recoveryMs: Number.NaN,
        note: (error as Error).stack?.split("\n").slice(0, 4).join(" | ") ?? String(error),
      }));
      results.push(result);
      console.error(`[soak] ${scenario.name} ${run}/${runs}: ${JSON.stringify(result)}`);
    }
  } finally {
    await child.process?.stop();
    await test.stop();
    await broker.destroy();
  }
  return results;
}

const table: string[] = [
  "| scenario | runs | orders accepted | lost | charged twice | notifications missing | duplicate | recovery p50 / max s |",
  "|---|---|---|---|---|---|---|---|",
];
const started = Date.now();
for (const scenario of scenarios.filter((s) => chosen.includes(s.name))) {
  const results = await soak(scenario);
  const sum = (pick: (r: RunResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const recoveries = results.map((r) => r.recoveryMs).filter((ms) => Number.isFinite(ms));
  const failedRuns = results.filter((r) => r.note).length;
  table.push(
    `| ${scenario.name} | ${results.length}${failedRuns ? ` (${failedRuns} failed)` : ""} | ${sum((r) => r.accepted)} | ${sum((r) => r.lost)} | ${sum((r) => r.doubleCharged)} | ${sum((r) => r.missingNotifications)} | ${sum((r) => r.duplicateNotifications)} | ${(percentile(recoveries, 50) / 1000).toFixed(1)} / ${(Math.max(0, ...recoveries) / 1000).toFixed(1)} |`,
  );
}
console.log(table.join("\n"));
console.log(`\n${runs} run(s) per scenario, ${ordersPerRun} orders per run, ${((Date.now() - started) / 60_000).toFixed(1)} min in all`);
