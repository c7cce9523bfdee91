/**
 * The events a status change causes, written through the outbox in the changing transaction:
 * `order.status.changed` always (the pub/sub fan-out the status stream reads); `orders.status`
 * in the async and hybrid flows (the gateway's answer and the notification trigger); and
 * `orders.created` when the async flow creates an order (billing charges it).
 */
import { orderStatusChangedMessage } from "../../generated/asyncapi/channels/order-status-changed.js";
import { orderCreatedMessage } from "../../generated/asyncapi/channels/orders-created.js";
import { orderStatusUpdatedMessage } from "../../generated/asyncapi/channels/orders-status.js";
import type { OrderFlow } from "../shared/config.js";
import { enqueue } from "../shared/messaging/messaging.js";
import type { SqlExecutor } from "../shared/storage/database.js";
import { eventTraceparent } from "./order-traces.js";
import type { StatusHook } from "./orders.js";
import type { OrderRecord, OrderState } from "./store.js";

export function statusEvents(flow: OrderFlow): StatusHook {
  return async (tx, order, previous) => {
    await announce(tx, flow, order, previous, order.status);
  };
}

/** Writes the events of one step `previous → status` of `order`. */
export async function announce(
  tx: SqlExecutor,
  flow: OrderFlow,
  order: OrderRecord,
  previous: OrderState | undefined,
  status: OrderState,
): Promise<void> {
  const metadata = { correlationId: order.requestId, traceparent: await eventTraceparent(tx, order.orderId) };
  await enqueue(
    tx,
    orderStatusChangedMessage,
    {
      orderId: order.orderId,
      username: order.username,
      status,
      ...(previous ? { previousStatus: previous } : {}),
      occurredAt: order.updatedAt,
    },
    metadata,
  );
  if (flow === "sync") return;
  await publishStatusUpdated(tx, order, previous, status);
  if (flow === "async" && previous === undefined) {
    await enqueue(
      tx,
      orderCreatedMessage,
      {
        requestId: order.requestId,
        username: order.username,
        orderId: order.orderId,
        items: order.items,
        totalCost: order.amount,
        currency: order.currency,
        createdAt: order.createdAt,
      },
      metadata,
    );
  }
}

/** `orders.status` alone: the answer to a repeated async request, which changes nothing else. */
export async function publishStatusUpdated(
  tx: SqlExecutor,
  order: OrderRecord,
  previous: OrderState | undefined,
  status: OrderState,
): Promise<void> {
  await enqueue(
    tx,
    orderStatusUpdatedMessage,
    {
      requestId: order.requestId,
      orderId: order.orderId,
      username: order.username,
      status,
      ...(previous ? { previousStatus: previous } : {}),
      updatedAt: order.updatedAt,
      metadata: { amount: order.amount, currency: order.currency, createdAt: order.createdAt },
    },
    { correlationId: order.requestId, traceparent: await eventTraceparent(tx, order.orderId) },
  );
}
