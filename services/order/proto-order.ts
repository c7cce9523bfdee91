import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { OrderStatus, type OrderSchema } from "../../generated/proto/order/v1/order_pb.js";
import type { OrderRecord, OrderState } from "./store.js";

export const protoStatus: Record<OrderState, OrderStatus> = {
  NEW: OrderStatus.NEW,
  PENDING_VALIDATION: OrderStatus.PENDING_VALIDATION,
  PAID: OrderStatus.PAID,
  INSUFFICIENT_FUNDS: OrderStatus.INSUFFICIENT_FUNDS,
  SHIPPED: OrderStatus.SHIPPED,
  DELIVERED: OrderStatus.DELIVERED,
  CANCELLED: OrderStatus.CANCELLED,
};

/** The stored order as the order.v1 contract carries it. */
export function toProtoOrder(order: OrderRecord): MessageInitShape<typeof OrderSchema> {
  return {
    orderId: BigInt(order.orderId),
    username: order.username,
    items: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: BigInt(item.price) })),
    totalAmount: BigInt(order.amount),
    currency: order.currency,
    deliveryAddress: order.deliveryAddress,
    paymentMethod: order.paymentMethod,
    status: protoStatus[order.status],
    createdAt: timestampFromMs(order.createdAt),
    updatedAt: timestampFromMs(order.updatedAt),
  };
}
