/**
 * The saga's delivery step: every PAID order gets a shipment (CreateShipment over Connect, with
 * the contract's deadline, retries and an idempotency key per order), and its stages are followed
 * (WatchDelivery): picked up → SHIPPED, delivered → DELIVERED, cancelled → CANCELLED. Driven by
 * the store like the payment step, so orders paid while the delivery service was down, or that
 * were on their way when the order service stopped, are picked up again.
 */
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { DeliveryStage } from "../../generated/proto/delivery/v1/delivery_pb.js";
import type { DeliveryServiceClient } from "../../generated/proto/delivery/v1/delivery_service_client.js";
import { runInTrace, type Logger } from "@concordkit/runtime/service";
import type { ServiceMetrics } from "../shared/observability/metrics.js";
import type { SqlDatabase } from "../shared/storage/database.js";
import { orderTrace } from "./order-traces.js";
import type { Orders } from "./orders.js";
import { ordersAwaitingDelivery, recordShipment, shipmentOf } from "./shipments.js";
import type { OrderRecord } from "./store.js";

export interface DeliveryFollower {
  /** Looks for paid orders to ship now instead of at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

interface Dependencies {
  db: SqlDatabase;
  orders: Orders;
  delivery: DeliveryServiceClient;
  logger: Logger;
  metrics: ServiceMetrics;
}

export function startDeliveryFollower({ db, orders, delivery, logger, metrics }: Dependencies, pollMs = 500): DeliveryFollower {
  const following = new Map<number, Promise<void>>();
  /** Order id → attempts that failed in a row, and when to try again. */
  const backoff = new Map<number, { failures: number; until: number }>();
  const stopping = new AbortController();
  let scanning: Promise<void> | undefined;
  let again = false;

  async function follow(order: OrderRecord): Promise<void> {
    const signal = stopping.signal;
    let shipmentId = await shipmentOf(db, order.orderId);
    if (!shipmentId) {
      const created = await delivery.createShipment(
        { orderId: BigInt(order.orderId), username: order.username, deliveryAddress: order.deliveryAddress },
        { headers: { [IDEMPOTENCY_KEY_HEADER]: `order-${order.orderId}-shipment` }, signal },
      );
      shipmentId = created.shipmentId;
      await recordShipment(db, order.orderId, shipmentId);
    }
    for await (const step of delivery.watchDelivery({ shipmentId }, { signal })) {
      await apply(order.orderId, step.stage);
    }
  }

  async function apply(orderId: number, stage: DeliveryStage): Promise<void> {
    switch (stage) {
      case DeliveryStage.PICKED_UP:
      case DeliveryStage.IN_TRANSIT:
      case DeliveryStage.OUT_FOR_DELIVERY:
        await orders.transition(orderId, ["PAID"], "SHIPPED");
        return;
      case DeliveryStage.DELIVERED:
        // Every status in order, even when the stages were missed (a restart after the courier finished).
        await orders.transition(orderId, ["PAID"], "SHIPPED");
        await orders.transition(orderId, ["SHIPPED"], "DELIVERED");
        return;
      case DeliveryStage.CANCELLED:
        await orders.transition(orderId, ["PAID", "SHIPPED"], "CANCELLED");
        return;
      default:
        return;
    }
  }

  function start(order: OrderRecord, traceparent: string | undefined): void {
    const run = runInTrace(traceparent, () => follow(order))
      .then(() => {
        backoff.delete(order.orderId);
      })
      .catch((error: unknown) => {
        if (stopping.signal.aborted) return;
        const failures = (backoff.get(order.orderId)?.failures ?? 0) + 1;
        backoff.set(order.orderId, { failures, until: Date.now() + Math.min(5_000, 250 * 2 ** failures) });
        metrics.retries.inc({ target: "delivery" });
        logger.warn("delivery not reachable; the order waits for its shipment", { err: error, orderId: order.orderId, failures });
      })
      .finally(() => following.delete(order.orderId));
    following.set(order.orderId, run);
  }

  async function scan(): Promise<void> {
    const now = Date.now();
    for (const order of await ordersAwaitingDelivery(db)) {
      if (stopping.signal.aborted) return;
      if (following.has(order.orderId) || (backoff.get(order.orderId)?.until ?? 0) > now) continue;
      start(order, await orderTrace(db, order.orderId));
    }
  }

  function wake(): void {
    if (stopping.signal.aborted) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = scan()
      .catch((error: unknown) => logger.error("could not look for orders to ship", { err: error }))
      .finally(() => {
        scanning = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  const timer = setInterval(wake, pollMs);
  timer.unref();
  wake();
  return {
    wake,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await scanning;
      await Promise.allSettled([...following.values()]);
    },
  };
}
