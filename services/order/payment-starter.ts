/**
 * The hybrid flow's step "payment in progress": every NEW order is charged over Connect and moved
 * to PENDING_VALIDATION. Driven by the store, not by the request, so an order created while the
 * payment service is down is charged once it is back (the idempotency key makes a retry harmless).
 */
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { runInTrace, type Logger } from "@concordkit/runtime/service";
import type { ServiceMetrics } from "../shared/observability/metrics.js";
import type { SqlDatabase } from "../shared/storage/database.js";
import { orderTrace } from "./order-traces.js";
import type { Orders } from "./orders.js";
import { ordersInStatus, type OrderRecord } from "./store.js";
import type { Upstreams } from "./upstreams.js";

export interface PaymentStarter {
  wake(): void;
  stop(): Promise<void>;
}

export function startPaymentStarter(
  db: SqlDatabase,
  orders: Orders,
  upstreams: Upstreams,
  logger: Logger,
  metrics: ServiceMetrics,
): PaymentStarter {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  async function chargeOne(order: OrderRecord): Promise<void> {
    const charged = await upstreams.payment.charge(
      { orderId: BigInt(order.orderId), username: order.username, total: { amount: BigInt(order.amount), currency: order.currency } },
      { headers: { [IDEMPOTENCY_KEY_HEADER]: `order-${order.orderId}` } },
    );
    await orders.transition(order.orderId, ["NEW"], "PENDING_VALIDATION", charged.paymentId);
  }

  async function pass(): Promise<void> {
    do {
      again = false;
      for (const order of await ordersInStatus(db, "NEW")) {
        if (stopped) return;
        await runInTrace(await orderTrace(db, order.orderId), () => chargeOne(order));
      }
    } while (again && !stopped);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(() => {
        failures = 0;
      })
      .catch((error: unknown) => {
        failures++;
        metrics.retries.inc({ target: "payment" });
        logger.warn("payment not reachable; NEW orders wait", { err: error, failures });
      })
      .finally(() => {
        running = undefined;
        schedule();
      });
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, failures === 0 ? 500 : Math.min(5_000, 200 * 2 ** failures));
    timer.unref();
  }

  schedule();
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
