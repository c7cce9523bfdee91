/**
 * Seed 003: the whole order in one request. The order is stored silently, charged (Charge, then
 * WatchPayment until the outcome), the user's profile read and the notification sent, and only
 * then announced with all its steps. If the payment cannot be reached the order is deleted and
 * the caller gets Unavailable: nothing half-done is left and nothing was announced.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { NotificationType } from "../../generated/proto/notification/v1/notification_pb.js";
import { PaymentStatus } from "../../generated/proto/payment/v1/payment_pb.js";
import type { Logger } from "@concordkit/runtime/service";
import type { SqlDatabase } from "../shared/storage/database.js";
import type { CreateOrderCommand, Orders } from "./orders.js";
import { announce } from "./status-events.js";
import { deleteOrder, findOrder, updateStatus, type OrderRecord } from "./store.js";
import type { Upstreams } from "./upstreams.js";

export async function placeOrderSync(
  deps: { db: SqlDatabase; orders: Orders; upstreams: Upstreams; logger: Logger },
  command: Omit<CreateOrderCommand, "status" | "silent">,
): Promise<OrderRecord> {
  const { db, orders, upstreams, logger } = deps;
  const { order, created } = await orders.create({ ...command, status: "NEW", silent: true });
  if (!created) return order;

  let outcome: PaymentStatus;
  let paymentId: string;
  try {
    const charged = await upstreams.payment.charge(
      { orderId: BigInt(order.orderId), username: order.username, total: { amount: BigInt(order.amount), currency: order.currency } },
      { headers: { [IDEMPOTENCY_KEY_HEADER]: `order-${order.orderId}` } },
    );
    paymentId = charged.paymentId;
    outcome = charged.status;
    if (outcome === PaymentStatus.IN_PROGRESS) {
      for await (const step of upstreams.payment.watchPayment({ paymentId })) {
        outcome = step.status;
        if (outcome !== PaymentStatus.IN_PROGRESS) break;
      }
    }
  } catch (error) {
    await db.transaction((tx) => deleteOrder(tx, order.orderId));
    const cause = ConnectError.from(error);
    throw new ConnectError(`payment service unavailable: ${cause.rawMessage}`, Code.Unavailable, undefined, undefined, cause);
  }

  const paid = outcome === PaymentStatus.PAID;
  if (paid) await notifyPaid(upstreams, order, logger);
  const final = paid ? "PAID" : "INSUFFICIENT_FUNDS";
  const done = await db.transaction(async (tx) => {
    await updateStatus(tx, order.orderId, ["NEW"], final, paymentId);
    const stored = (await findOrder(tx, { orderId: order.orderId }))!;
    await announce(tx, "sync", stored, undefined, "NEW");
    await announce(tx, "sync", stored, "NEW", "PENDING_VALIDATION");
    await announce(tx, "sync", stored, "PENDING_VALIDATION", final);
    return stored;
  });
  orders.events.emit("changed", done);
  return done;
}

/** Profile, then the notification; a failure here is logged, the payment stands. */
async function notifyPaid(upstreams: Upstreams, order: OrderRecord, logger: Logger): Promise<void> {
  try {
    const { profile } = await upstreams.user.getProfile({ username: order.username });
    const name = profile?.firstName || order.username;
    await upstreams.notification.notify(
      {
        requestId: order.requestId,
        username: order.username,
        type: NotificationType.EMAIL,
        subject: `Order ${order.orderId} is paid`,
        content: `Hello ${name}, your order ${order.orderId} of ${order.amount} ${order.currency} (minor units) is paid.`,
        metadata: { orderId: String(order.orderId), email: profile?.email ?? "" },
      },
      { headers: { [IDEMPOTENCY_KEY_HEADER]: `order-${order.orderId}-paid` } },
    );
  } catch (error) {
    logger.error("could not notify the user of a paid order", { err: error, orderId: order.orderId });
  }
}
