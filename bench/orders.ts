/**
 * `npx tsx bench/orders.ts [--orders N] [--concurrency C] [--slow-notify-ms M]`: drives N orders
 * through each order flow (sync, async, hybrid) of the reference system on this machine (loopback
 * only, a broker of its own unless KAFKA_BROKERS is set) and prints, per flow, orders/s and
 * p50/p99 of the answer to POST /order and of the time until the order is PAID (seen on the
 * status stream, followed with the generated SDK); then the same with the notification sender slowed
 * down by M ms per message. Each run first places a few warm-up orders that are not counted.
 * Bounded: N ≤ 500, and each run stops after 120 s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { orderFlows, type OrderFlow } from "../services/shared/config.js";
import { startSystem } from "../services/system.js";
import { startKafkaBroker, type KafkaBroker } from "../tools/kafka/broker.js";
import { GatewayClient } from "../tools/system/gateway-client.js";
import { createClient, streamOrderStatus } from "../generated/openapi/gateway/sdk/index.js";
import { deleteContractTopics } from "../tools/system/contract-topics.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const orders = Math.min(500, option("orders", 60));
const concurrency = Math.max(1, Math.min(32, option("concurrency", 8)));
const slowNotifyMs = option("slow-notify-ms", 200);
const runLimitMs = 120_000;
const warmUpOrders = 2;
const secret = "bench-secret-0123456789abcdef-0123456789";

interface RunResult {
  flow: OrderFlow;
  notifyDelayMs: number;
  completed: number;
  failed: number;
  seconds: number;
  answer: number[];
  paid: number[];
}

async function run(brokers: string[], flow: OrderFlow, notifyDelayMs: number): Promise<RunResult> {
  await deleteContractTopics(brokers);
  const dataDir = await mkdtemp(join(tmpdir(), `concord-bench-${flow}-`));
  const system = await startSystem({
    brokers,
    flow,
    dataDir,
    config: {
      logLevel: "error",
      jwt: { algorithms: ["HS256"], secret },
      internalSecret: "bench-internal",
      notifyDelayMs,
      deliveryStepMs: 1,
      groupSuffix: `.bench.${Date.now()}`,
    },
  });
  const client = new GatewayClient(system.gatewayUrl, secret);
  const result: RunResult = { flow, notifyDelayMs, completed: 0, failed: 0, seconds: 0, answer: [], paid: [] };
  try {
    const buyers = await Promise.all(Array.from({ length: concurrency }, () => client.newUser("bench")));
    for (const buyer of buyers) await client.deposit(buyer.token, 1_000_000_000);
    // Warm-up (JIT, topic metadata, consumer groups settled): not counted.
    await Promise.all(
      buyers.map(async (buyer) => {
        for (let i = 0; i < warmUpOrders; i++) await placeUntilPaid(system.gatewayUrl, client, buyer.token);
      }),
    );
    const started = Date.now();
    let next = 0;
    await Promise.all(
      buyers.map(async (buyer) => {
        while (next < orders && Date.now() - started < runLimitMs) {
          next++;
          const timing = await placeUntilPaid(system.gatewayUrl, client, buyer.token);
          if (timing.answerMs !== undefined) result.answer.push(timing.answerMs);
          if (timing.paidMs === undefined) {
            result.failed++;
            continue;
          }
          result.paid.push(timing.paidMs);
          result.completed++;
        }
      }),
    );
    result.seconds = (Date.now() - started) / 1000;
  } finally {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return result;
}

/** Places one order and follows its status stream (the generated SDK) until PAID. */
async function placeUntilPaid(gatewayUrl: string, client: GatewayClient, token: string): Promise<{ answerMs?: number; paidMs?: number }> {
  const begin = performance.now();
  const created = await client.createOrder(token, 100);
  const answerMs = performance.now() - begin;
  if (created.status !== 201) return { answerMs };
  const order = created.body as { orderId: number; status: string };
  if (order.status === "PAID") return { answerMs, paidMs: answerMs };
  const sdk = createClient({ baseUrl: `${gatewayUrl}/api/v1`, token: () => token });
  for await (const event of streamOrderStatus(sdk, { path: { orderId: order.orderId } }, { signal: AbortSignal.timeout(60_000) })) {
    if (event.data.status === "PAID") return { answerMs, paidMs: performance.now() - begin };
    if (event.data.status === "INSUFFICIENT_FUNDS") break;
  }
  return { answerMs };
}

function percentile(values: number[], p: number): string {
  if (values.length === 0) return "-";
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(0);
}

let broker: KafkaBroker | undefined;
let brokers = process.env.KAFKA_BROKERS?.split(",").filter(Boolean) ?? [];
if (brokers.length === 0) {
  broker = await startKafkaBroker({ maxHeap: "512m" });
  brokers = broker.brokers;
}
const rows = [];
try {
  for (const notifyDelayMs of [0, slowNotifyMs]) {
    for (const flow of orderFlows) {
      const r = await run(brokers, flow, notifyDelayMs);
      rows.push({
        flow: r.flow,
        "notify delay ms": r.notifyDelayMs,
        orders: r.completed,
        failed: r.failed,
        "orders/s": (r.completed / r.seconds).toFixed(1),
        "answer p50 ms": percentile(r.answer, 50),
        "answer p99 ms": percentile(r.answer, 99),
        "paid p50 ms": percentile(r.paid, 50),
        "paid p99 ms": percentile(r.paid, 99),
      });
      console.error(`done: ${r.flow}, notify delay ${r.notifyDelayMs} ms`);
    }
  }
} finally {
  await broker?.destroy();
}
console.log(`${orders} orders per flow, ${concurrency} clients in parallel, one machine, loopback`);
console.table(rows);
